/* SPDX-License-Identifier: BSD-2-Clause */
/* Basic fixed-width types and helpers for freestanding hypervisor code. */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)
#define PAGE_SIZE 4096ULL

#define UNUSED(x) ((void)(x))
#define PACKED __attribute__((packed))
#define NORETURN __attribute__((noreturn))
#define CACHELINE 64
#define CACHE_ALIGNED __attribute__((aligned(CACHELINE)))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

#endif
