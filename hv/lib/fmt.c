/* SPDX-License-Identifier: BSD-2-Clause */
/* printf-style formatting into a bounded buffer (no libc). */
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

struct spec {
	bool left, zero;
	int width, prec;
	int length; /* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
};

static void out_number(struct out *o, const struct spec *sp, uint64_t v,
		       bool neg, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (n < sp->prec && n < (int)sizeof(tmp))
		tmp[n++] = '0';
	int total = n + (neg ? 1 : 0);
	if (!sp->left && !sp->zero)
		out_pad(o, ' ', sp->width - total);
	if (neg)
		out_char(o, '-');
	if (!sp->left && sp->zero)
		out_pad(o, '0', sp->width - total);
	while (n)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', sp->width - total);
}

static void out_string(struct out *o, const struct spec *sp, const char *s)
{
	if (!s)
		s = "(null)";
	int n = 0;
	while ((sp->prec < 0 || n < sp->prec) && s[n])
		n++;
	if (!sp->left)
		out_pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		out_char(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - n);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->length = sp->length == 1 ? 2 : 1;
		else if (*f == 'h')
			sp->length = sp->length == -1 ? -2 : -1;
		else if (*f == 'z')
			sp->length = 3;
		else
			break;
	}
	return f;
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (int64_t)va_arg(*ap, size_t);
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static void format_one(struct out *o, char conv, struct spec *sp, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		int64_t v = arg_signed(sp, ap);
		out_number(o, sp, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0, 10, false);
		break;
	}
	case 'u': out_number(o, sp, arg_unsigned(sp, ap), false, 10, false); break;
	case 'x': out_number(o, sp, arg_unsigned(sp, ap), false, 16, false); break;
	case 'X': out_number(o, sp, arg_unsigned(sp, ap), false, 16, true); break;
	case 'o': out_number(o, sp, arg_unsigned(sp, ap), false, 8, false); break;
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		sp->zero = true;
		sp->width = 16;
		out_number(o, sp, (uint64_t)(uintptr_t)va_arg(*ap, void *), false, 16, false);
		break;
	case 's': out_string(o, sp, va_arg(*ap, const char *)); break;
	case 'c': out_char(o, (char)va_arg(*ap, int)); break;
	case '%': out_char(o, '%'); break;
	default:
		out_char(o, '%');
		if (conv)
			out_char(o, conv);
		break;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;
	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		struct spec sp;
		f = parse_spec(f + 1, &sp, &args);
		format_one(&o, *f, &sp, &args);
		if (!*f)
			break;
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
