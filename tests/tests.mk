# SPDX-License-Identifier: BSD-2-Clause
# Test, bench, media and run targets (filled in below).
