# SPDX-License-Identifier: BSD-2-Clause
# Instructions whose lengths the GNU assembler gives and the decoder must match: each goes
# between two labels; the difference goes to .insn_lengths and the text to .insn_texts, in
# order (64-bit block, then 32-bit, then 16-bit). Assembled with as --64 (.code32/.code16 for
# the other modes). None runs.
	.macro I text:vararg
.Lb\@:	\text
.Le\@:
	.pushsection .rodata.insn_lengths, "a"
	.byte .Le\@ - .Lb\@
	.popsection
	.pushsection .rodata.insn_texts, "a"
	.asciz "\text"
	.popsection
	.endm

	.section .rodata.insn_code, "a"
	.globl insn_code64, insn_code32, insn_code16, insn_code_end
	.globl insn_lengths, insn_texts

	.pushsection .rodata.insn_lengths, "a"
insn_lengths:
	.popsection
	.pushsection .rodata.insn_texts, "a"
insn_texts:
	.popsection

	.code64
insn_code64:
	I mov %al,(%rax)
	I mov %ah,(%rbx)
	I mov %spl,(%rcx)
	I mov %dil,(%rdx)
	I mov %r8b,(%r9)
	I mov %ax,(%rsi)
	I mov %eax,(%rdi)
	I mov %rax,(%r12)
	I mov %r15,(%r13)
	I mov (%rsp),%eax
	I mov 8(%rsp),%rax
	I mov -8(%rbp),%ecx
	I mov 0(%rbp),%eax
	I mov (%r13),%eax
	I mov (%r12),%eax
	I mov 0x7f(%rax),%edx
	I mov -0x80(%rax),%edx
	I mov 0x80(%rax),%edx
	I mov 0x12345678(%rax),%edx
	I mov (%rax,%rbx,1),%ecx
	I mov (%rax,%rbx,2),%ecx
	I mov 0x10(%rax,%rbx,4),%ecx
	I mov 0x1000(%rax,%rbx,8),%r8
	I mov (%r8,%r9,8),%r10
	I mov (%rax,%r12,1),%eax
	I mov (%r13,%rax,1),%eax
	I mov 0x1000(,%rcx,2),%eax
	I mov 0x1000(,%r11,8),%eax
	I mov 0x1000,%eax
	I mov 0x10(%rip),%eax
	I mov %eax,-0x10(%rip)
	I mov 0x10(%eip),%eax
	I mov (%eax),%ebx
	I mov 8(%esp),%ebx
	I mov (%eax,%ebx,4),%ecx
	I mov (%r8d),%eax
	I mov %fs:0x28,%rax
	I mov %gs:(%rax),%eax
	I mov %es:(%rax),%eax
	I mov %cs:(%rax),%eax
	I mov %ss:(%rax),%eax
	I mov %ds:(%rax),%eax
	I mov (%rax),%al
	I mov (%rax),%bh
	I mov (%rax),%sil
	I mov (%rax),%r12b
	I mov (%rax),%ax
	I mov (%rax),%r9w
	I movb $1,(%rax)
	I movw $0x1234,(%rax)
	I movl $0x12345678,8(%rax)
	I movq $-1,(%rax,%rcx,8)
	I movq $0x12345678,0x100(%rip)
	I movw $0x1234,0x100(%rip)
	I movb $0x12,0x100(%rip)
	I movl $1,%fs:(%rax)
	I movabs 0x1122334455667788,%al
	I movabs 0x1122334455667788,%ax
	I movabs 0x1122334455667788,%eax
	I movabs 0x1122334455667788,%rax
	I movabs %al,0x1122334455667788
	I movabs %rax,0x1122334455667788
	I addr32 movabs 0x12345678,%eax
	I movabs $0x1122334455667788,%rax
	I mov $1,%r8d
	I mov $1,%al
	I mov $0x1234,%r9w
	I mov %rax,%rbx
	I mov %al,%ah
	I mov %es,(%rax)
	I mov (%rax),%ds
	I data16 mov %rax,(%rbx)
	I data16 rex.w mov %eax,(%rbx)
	I rex mov %al,(%rax)
	I add %al,(%rax)
	I add %eax,(%rax)
	I add (%rax),%ecx
	I addb $1,(%rax)
	I addl $0x1000,(%rax)
	I addl $1,(%rax)
	I addq $-128,(%rax)
	I addw $0x1234,(%rax)
	I addw $1,(%rax)
	I add $1,%al
	I add $0x12345678,%eax
	I add $0x1234,%ax
	I add $0x12345678,%rax
	I or %cl,(%rdx)
	I or %rcx,(%rdx)
	I or (%rdx),%cl
	I or (%rdx),%rcx
	I orb $0x80,(%rdx)
	I orl $0x80000000,(%rdx)
	I orq $0x7f,(%rdx)
	I adc %bl,(%rsi)
	I adc %rbx,0x10(%rsi)
	I adc 0x10(%rsi),%bx
	I adcl $0x100,(%rsi)
	I sbb %dl,(%rdi)
	I sbb (%rdi),%edx
	I sbbq $-1,(%rdi)
	I and %r8b,(%r9)
	I and %r8,(%r9)
	I and (%r9),%r8d
	I andb $0xf0,(%r9)
	I andl $0xfffffff0,(%r9)
	I and $0xf0,%al
	I sub %al,(%rax,%rcx,1)
	I sub (%rax,%rcx,1),%r11
	I subw $0x8000,(%rax)
	I xor %ah,(%rbx)
	I xor (%rbx),%esi
	I xorl $0x55aa55aa,(%rbx)
	I xor $0x55,%al
	I cmp %al,(%rax)
	I cmp %eax,(%rax)
	I cmp (%rax),%eax
	I cmpb $0,(%rax)
	I cmpl $0x12345678,(%rax)
	I cmpq $0,(%rax)
	I cmp $0x10,%eax
	I test %al,(%rax)
	I test %eax,(%rax)
	I testb $0x80,(%rax)
	I testw $0x8000,(%rax)
	I testl $0x80000000,(%rax)
	I testq $1,(%rax)
	I test $1,%al
	I test $0x12345678,%eax
	I xchg %al,(%rax)
	I xchg %eax,(%rax)
	I xchg %rax,(%r15)
	I xchg %eax,%ecx
	I xchg %r8,%rax
	I notb (%rax)
	I notl (%rax)
	I notq 8(%rax)
	I negb (%rax)
	I negw (%rax)
	I negq (%rax,%rbx,8)
	I incb (%rax)
	I incw (%rax)
	I incl (%rax)
	I incq (%rax)
	I decb (%rax)
	I decl 0x10(%rbp)
	I decq (%r12)
	I inc %eax
	I bt %eax,(%rax)
	I bt %rax,(%rax)
	I bt %ax,(%rax)
	I bts %ecx,(%rdx)
	I btr %rcx,(%rdx)
	I btc %cx,(%rdx)
	I btl $3,(%rax)
	I btsq $63,(%rax)
	I btrw $15,(%rax)
	I btcl $31,(%rax)
	I cmpxchg %cl,(%rdx)
	I cmpxchg %ecx,(%rdx)
	I cmpxchg %rcx,(%rdx)
	I cmpxchg %cx,(%rdx)
	I xadd %al,(%rbx)
	I xadd %eax,(%rbx)
	I xadd %rax,(%rbx)
	I movnti %eax,(%rbx)
	I movnti %rax,(%rbx)
	I movzbl (%rax),%ecx
	I movzbw (%rax),%cx
	I movzbq (%rax),%rcx
	I movzwl (%rax),%ecx
	I movzwq (%rax),%rcx
	I movsbl (%rax),%ecx
	I movsbw (%rax),%cx
	I movsbq (%rax),%rcx
	I movswl (%rax),%ecx
	I movswq (%rax),%rcx
	I movslq (%rax),%rcx
	I movslq %eax,%rax
	I movzbl %ah,%eax
	I movzbl %sil,%eax
	I sete (%rax)
	I setne %al
	I setb (%rax,%rbx,1)
	I setg 0x10(%rip)
	I cmove (%rax),%ecx
	I cmovne (%rax),%rcx
	I cmovb (%rax),%cx
	I cmovg %eax,%ecx
	I lock add %eax,(%rax)
	I lock addb $1,(%rax)
	I lock orl $1,(%rax)
	I lock adc %eax,(%rax)
	I lock sbb %eax,(%rax)
	I lock and %eax,(%rax)
	I lock sub %eax,(%rax)
	I lock xor %eax,(%rax)
	I lock incl (%rax)
	I lock decq (%rax)
	I lock notl (%rax)
	I lock negl (%rax)
	I lock cmpxchg %ecx,(%rdx)
	I lock xadd %eax,(%rbx)
	I lock bts %eax,(%rax)
	I lock btr %eax,(%rax)
	I lock btc %eax,(%rax)
	I lock btsl $1,(%rax)
	I lock xchg %eax,(%rax)
	I lock cmpxchg8b (%rax)
	I lock cmpxchg16b (%rax)
	I movsb
	I movsw
	I movsl
	I movsq
	I cmpsb
	I cmpsw
	I cmpsl
	I cmpsq
	I stosb
	I stosw
	I stosl
	I stosq
	I lodsb
	I lodsw
	I lodsl
	I lodsq
	I scasb
	I scasw
	I scasl
	I scasq
	I insb
	I insw
	I insl
	I outsb
	I outsw
	I outsl
	I rep movsb
	I rep movsq
	I rep stosl
	I rep stosq
	I rep lodsb
	I repe cmpsb
	I repne cmpsq
	I repe scasw
	I repne scasb
	I rep insb
	I rep outsw
	I addr32 rep movsb
	I addr32 stosl
	I movsb %fs:(%rsi),%es:(%rdi)
	I movsl %gs:(%rsi),%es:(%rdi)
	I lodsb %fs:(%rsi),%al
	I outsb %gs:(%rsi),(%dx)
	I push %rax
	I push %r12
	I pop %rbx
	I push $1
	I push $0x12345678
	I pushw $0x1234
	I pushq (%rax)
	I pop (%rax)
	I pushf
	I popf
	I call *%rax
	I call *(%rax)
	I call *0x10(%rip)
	I jmp *%rax
	I jmp *(%rax,%rbx,8)
	I lcall *(%rax)
	I ljmp *(%rax)
	I ret
	I ret $8
	I lretl
	I lretl $8
	I iretq
	I int3
	I int $0x80
	I hlt
	I cpuid
	I rdtsc
	I rdtscp
	I rdmsr
	I wrmsr
	I rdpmc
	I nop
	I nopl 0(%rax)
	I nopw 0x0(%rax,%rax,1)
	I pause
	I lea 8(%rax),%rcx
	I lea 0x10(%rip),%rax
	I lea (%rax,%rbx,4),%ecx
	I imul $0x12345678,(%rax),%ecx
	I imul $3,%eax,%eax
	I imul (%rax),%ecx
	I mulb (%rax)
	I mull (%rax)
	I divl (%rax)
	I idivq (%rax)
	I shlb $3,(%rax)
	I shll $3,(%rax)
	I shll (%rax)
	I sarl %cl,(%rax)
	I rolq (%rax)
	I rcrw $2,(%rax)
	I shld $3,%eax,(%rbx)
	I shrd %cl,%eax,(%rbx)
	I bsf (%rax),%ecx
	I bsr (%rax),%rcx
	I popcnt (%rax),%ecx
	I lzcnt (%rax),%ecx
	I tzcnt (%rax),%ecx
	I bswap %eax
	I bswap %r9
	I enter $0x10,$0
	I leave
	I in $0x60,%al
	I in $0x60,%eax
	I out %al,$0x80
	I in (%dx),%al
	I in (%dx),%eax
	I out %ax,(%dx)
	I xlat
	I cbw
	I cwde
	I cdqe
	I cwd
	I cdq
	I cqo
	I sahf
	I lahf
	I clc
	I stc
	I cmc
	I cld
	I std
	I cli
	I sti
	I flds (%rax)
	I fstpl 8(%rax)
	I fstp %st(1)
	I faddp
	I fnstsw %ax
	I cmpxchg8b (%rax)
	I cmpxchg16b (%rax)
	I rdrand %eax
	I rdseed %rax
	I sfence
	I lfence
	I mfence
	I clflush (%rax)
	I prefetcht0 (%rax)
	I prefetchw (%rax)
	I movups (%rax),%xmm0
	I movaps %xmm1,(%rax)
	I movdqa (%rax),%xmm2
	I movdqu %xmm3,0x10(%rax)
	I movd %eax,%xmm0
	I movq %xmm0,%rax
	I pshufd $0x1b,%xmm0,%xmm1
	I psrldq $4,%xmm1
	I pinsrd $1,(%rax),%xmm0
	I pextrq $1,%xmm0,(%rax)
	I pshufb (%rax),%xmm0
	I crc32b (%rax),%eax
	I crc32q (%rax),%rax
	I movbe (%rax),%eax
	I movbe %rax,(%rbx)
	I cmpps $1,(%rax),%xmm0
	I shufps $0x44,%xmm1,%xmm0
	I syscall
	I sysretl
	I swapgs
	I mov %cr0,%rax
	I mov %rax,%cr3
	I mov %cr8,%rax
	I mov %dr7,%rax
	I lgdt (%rax)
	I lidt (%rax)
	I sgdt (%rax)
	I lldt %ax
	I ltr %ax
	I str %eax
	I invlpg (%rax)
	I vmcall
	I vmlaunch
	I vmresume
	I vmxoff
	I vmread %rax,%rbx
	I vmwrite (%rax),%rbx
	I vmptrld (%rax)
	I invept (%rax),%rax
	I wbinvd
	I ud2
	I xabort $1
	I xend
	I xtest
	I clac
	I stac
	I xgetbv
	I fxsave (%rax)
	I xsave (%rax)
	I ldmxcsr (%rax)

	.code32
insn_code32:
	I mov %eax,(%ebx)
	I mov (%esi,%edi,2),%ecx
	I mov 0x12345678,%eax
	I mov 0x12345678,%al
	I mov %eax,0x12345678
	I mov %al,0x10(%ebp)
	I mov 0x10(%esp),%eax
	I mov (%esp,%eax,4),%eax
	I mov 0x1000(,%eax,4),%ebx
	I mov (%ebp),%eax
	I mov (%bx,%si),%ax
	I mov 4(%bp,%di),%eax
	I mov 0x1234,%cx
	I mov %ax,(%eax)
	I mov %ah,(%ecx)
	I movw $1,(%eax)
	I movl $0x12345678,(%eax)
	I movb $0x12,(%eax)
	I movw $0x1234,(%bx)
	I addr16 mov 0x1234,%eax
	I add %eax,(%ebx)
	I addw $0x1234,(%ebx)
	I addl $0x12345678,(%ebx)
	I addl $1,(%ebx)
	I add $0x1234,%ax
	I add $0x12345678,%eax
	I sub (%ebx),%ecx
	I cmpb $1,(%ebx,%ecx,1)
	I lock incl (%eax)
	I lock cmpxchg %ecx,(%edx)
	I lock xaddw %ax,(%bx)
	I test %eax,(%eax)
	I testw $0x100,(%eax)
	I xchg %ax,(%esi)
	I notw (%eax)
	I negl (%eax)
	I inc %eax
	I dec %ecx
	I incl (%eax)
	I bt %eax,(%eax)
	I btsw $3,(%eax)
	I btr %ax,(%bx,%si)
	I cmpxchg %ax,(%edx)
	I movzbl (%eax),%ecx
	I movswl (%bx),%eax
	I sete (%eax)
	I cmovne (%eax),%ecx
	I movnti %eax,(%ebx)
	I rep movsb
	I rep movsl
	I rep movsw
	I repe cmpsb
	I repne scasl
	I rep stosw
	I rep insl
	I rep outsb
	I addr16 rep movsb
	I movsb %fs:(%esi),%es:(%edi)
	I push %eax
	I pop %ds
	I push %es
	I pusha
	I popa
	I pushw $0x1234
	I push $0x12345678
	I push $1
	I daa
	I das
	I aaa
	I aas
	I aam
	I aad $10
	I into
	I les (%eax),%ecx
	I lds (%eax),%edx
	I bound %eax,(%ebx)
	I arpl %ax,(%ebx)
	I ljmp $0x10,$0x1000
	I lcall $0x10,$0x1000
	I ljmpw $0x10,$0x1000
	I ret
	I ret $4
	I enter $8,$1
	I leave
	I iret
	I call *%eax
	I jmp *(%eax)
	I in $0x60,%al
	I out %eax,$0x80
	I lea (%eax,%ebx,2),%ecx
	I lea (%bx,%di),%ax
	I imul $0x1234,(%eax),%cx
	I imul $0x12345678,(%eax),%ecx
	I shlw $1,(%eax)
	I flds (%eax)
	I movups (%eax),%xmm0
	I mov %cr0,%eax
	I mov %eax,%cr4
	I sysenter
	I sysexit
	I cpuid
	I hlt

	.code16
insn_code16:
	I mov %ax,(%bx)
	I mov (%bx,%si),%ax
	I mov (%bx,%di),%ax
	I mov (%bp,%si),%ax
	I mov (%bp,%di),%ax
	I mov (%si),%ax
	I mov (%di),%ax
	I mov 0(%bp),%ax
	I mov (%bx),%ax
	I mov 4(%bp,%di),%cx
	I mov -4(%bp,%di),%cx
	I mov 0x1234(%bx,%si),%dx
	I mov 0x1234,%ax
	I mov 0x1234,%al
	I mov %ax,0x1234
	I mov 0x1234,%bx
	I mov 0x10(%bx),%ax
	I mov 0x100(%si),%al
	I mov %ah,(%bx)
	I mov %eax,(%bx)
	I mov (%eax),%ax
	I mov (%eax,%ebx,4),%ecx
	I mov 0x12345678(%eax),%eax
	I mov %es:(%di),%ax
	I mov %fs:(%bx),%al
	I movw $0x1234,(%bx)
	I movl $0x12345678,(%bx)
	I movb $0x12,4(%si)
	I addr32 mov 0x12345678,%ax
	I add %ax,(%bx)
	I add $0x1234,%ax
	I add $0x12345678,%eax
	I addw $0x1234,(%bx,%si)
	I addw $1,(%bx,%si)
	I addl $0x12345678,(%bx)
	I subb $1,(%di)
	I cmpw $0,0x10(%bp)
	I andl $0xffff,(%si)
	I lock incw (%bx)
	I lock btsw %ax,(%bx)
	I test %ax,(%bx)
	I testw $0x8000,(%bx)
	I xchg %ax,(%bx)
	I notw (%bx)
	I negb (%bx)
	I incw (%bx)
	I decl (%bx)
	I inc %ax
	I bt %ax,(%bx)
	I btl $5,(%bx)
	I cmpxchg %ax,(%bx)
	I xadd %al,(%bx)
	I movzbw (%bx),%ax
	I movsbl (%bx),%eax
	I setne (%bx)
	I cmove (%bx),%ax
	I rep movsb
	I rep movsw
	I rep movsl
	I repe cmpsw
	I repne scasb
	I rep stosb
	I rep insw
	I rep outsb
	I addr32 rep movsb
	I movsb %cs:(%si),%es:(%di)
	I push %ax
	I push %es
	I pop %ds
	I pusha
	I push $0x1234
	I pushl $0x12345678
	I push $1
	I ljmp $0x10,$0x100
	I lcall $0x10,$0x100
	I ljmpl $0x10,$0x1000
	I ret
	I lretl
	I enter $4,$0
	I leave
	I iret
	I int $0x10
	I les (%bx),%ax
	I lds (%bx),%si
	I lea 2(%bp,%si),%ax
	I imul $0x1234,(%bx),%ax
	I call *%ax
	I jmp *(%bx)
	I in $0x60,%al
	I out %al,$0x80
	I in (%dx),%ax
	I cli
	I sti
	I hlt
	I mov %cr0,%eax
	I lgdt (%bx)
	I lmsw %ax
insn_code_end:
	.code64

	.section .note.GNU-stack,"",@progbits
