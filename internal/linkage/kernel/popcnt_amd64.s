//go:build amd64 && !purego

#include "textflag.h"

// ADD4(off) adds popcount(query word AND candidate word) at byte offset off
// for the four queries at SI, SI+128, SI+256, SI+384 into R10..R13. The
// candidate word is loaded once for the four queries; POPCNTQ writes its own
// source register so it carries no false dependency on an older value.
#define ADD4(off) \
	MOVQ off(DI), AX; \
	MOVQ off(SI), BX; \
	ANDQ AX, BX; \
	POPCNTQ BX, BX; \
	ADDQ BX, R10; \
	MOVQ (off+128)(SI), CX; \
	ANDQ AX, CX; \
	POPCNTQ CX, CX; \
	ADDQ CX, R11; \
	MOVQ (off+256)(SI), BX; \
	ANDQ AX, BX; \
	POPCNTQ BX, BX; \
	ADDQ BX, R12; \
	MOVQ (off+384)(SI), CX; \
	ANDQ AX, CX; \
	POPCNTQ CX, CX; \
	ADDQ CX, R13

// TEST(sum, k, hit) jumps to hit when sum*2*Scale - crhs >= qrhs[k].
#define TEST(sum, k, hit) \
	IMUL3Q $20000, sum, BX; \
	SUBQ R8, BX; \
	CMPQ BX, (k*8)(R9); \
	JGE hit

// EMIT(sum, k) appends Hit{qbase+query+k, candidate, sum} at R15.
#define EMIT(sum, k) \
	MOVL DX, BX; \
	ADDL $k, BX; \
	MOVL BX, 0(R15); \
	MOVL R14, 4(R15); \
	MOVL sum, 8(R15); \
	ADDQ $12, R15

// func popcntDice1024(q *uint64, nq int, qrhs *int64, c *uint64, nc int, crhs *int64, out *Hit, qbase, cbase uint32) int
//
// Compares nq queries (a positive multiple of 4; row-major 1024-bit rows)
// with nc candidates (row-major): each candidate against four queries at a
// time with scalar POPCNTQ. Appends the hits at out; returns their number.
// Locals: 0(SP) next crhs, 8(SP) candidates left. BP holds the end query
// index (the nonzero frame makes the assembler save BP).
TEXT ·popcntDice1024(SB), NOSPLIT, $16-72
	MOVQ nc+32(FP), AX
	TESTQ AX, AX
	JZ empty
	MOVQ AX, 8(SP)
	MOVQ crhs+40(FP), AX
	MOVQ AX, 0(SP)
	MOVQ c+24(FP), DI
	MOVQ out+48(FP), R15
	MOVL cbase+60(FP), R14
	MOVL qbase+56(FP), BP
	ADDQ nq+8(FP), BP

cand:
	MOVQ 0(SP), AX
	MOVQ (AX), R8
	ADDQ $8, AX
	MOVQ AX, 0(SP)
	MOVQ q+0(FP), SI
	MOVQ qrhs+16(FP), R9
	MOVL qbase+56(FP), DX

query:
	XORL R10, R10
	XORL R11, R11
	XORL R12, R12
	XORL R13, R13
	ADD4(0)
	ADD4(8)
	ADD4(16)
	ADD4(24)
	ADD4(32)
	ADD4(40)
	ADD4(48)
	ADD4(56)
	ADD4(64)
	ADD4(72)
	ADD4(80)
	ADD4(88)
	ADD4(96)
	ADD4(104)
	ADD4(112)
	ADD4(120)
	TEST(R10, 0, hit0)
back0:
	TEST(R11, 1, hit1)
back1:
	TEST(R12, 2, hit2)
back2:
	TEST(R13, 3, hit3)
back3:
	ADDQ $512, SI
	ADDQ $32, R9
	ADDQ $4, DX
	CMPQ DX, BP
	JLT query

	ADDQ $128, DI
	INCL R14
	DECQ 8(SP)
	JNZ cand

	MOVQ R15, AX
	SUBQ out+48(FP), AX
	XORL DX, DX
	MOVQ $12, CX
	DIVQ CX
	MOVQ AX, ret+64(FP)
	RET

empty:
	MOVQ $0, ret+64(FP)
	RET

hit0:
	EMIT(R10, 0)
	JMP back0
hit1:
	EMIT(R11, 1)
	JMP back1
hit2:
	EMIT(R12, 2)
	JMP back2
hit3:
	EMIT(R13, 3)
	JMP back3
