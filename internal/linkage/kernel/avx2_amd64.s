//go:build amd64 && !purego

#include "textflag.h"

// Nibble popcounts for VPSHUFB, repeated in both 128-bit lanes.
DATA nibblePop<>+0(SB)/8, $0x0302020102010100
DATA nibblePop<>+8(SB)/8, $0x0403030203020201
DATA nibblePop<>+16(SB)/8, $0x0302020102010100
DATA nibblePop<>+24(SB)/8, $0x0403030203020201
GLOBL nibblePop<>(SB), RODATA|NOPTR, $32

// NIBBLES(j, l0, l1, h0, h1) ANDs the low and high nibbles of query word j
// (broadcast) with those of word j of the 8 candidates (two ymm each) and
// looks the results up in the popcount table: l0, l1 (low) and h0, h1 (high)
// receive per-byte counts for candidates 0-3 and 4-7.
#define NIBBLES(j, l0, l1, h0, h1) \
	VPBROADCASTQ (j*8)(BX), Y4; \
	VPBROADCASTQ (128+j*8)(BX), Y9; \
	VPAND (j*64)(DI), Y4, l0; \
	VPAND (j*64+32)(DI), Y4, l1; \
	VPAND (j*64)(BP), Y9, h0; \
	VPAND (j*64+32)(BP), Y9, h1; \
	VPSHUFB l0, Y14, l0; \
	VPSHUFB l1, Y14, l1; \
	VPSHUFB h0, Y14, h0; \
	VPSHUFB h1, Y14, h1

// WORD(j) adds the per-byte counts of word j to the accumulators Y0..Y3.
// A byte gathers at most 4 bits per word and 16 words: no overflow.
#define WORD(j) \
	NIBBLES(j, Y5, Y6, Y7, Y8); \
	VPADDB Y5, Y0, Y0; \
	VPADDB Y6, Y1, Y1; \
	VPADDB Y7, Y2, Y2; \
	VPADDB Y8, Y3, Y3

// func avx2Dice1024(q *uint64, nq int, qrhs *int64, c, chi *uint64, ng int, crhs *int64, out *Hit, qbase, cbase uint32) int
//
// Mula's popcount: for each group of 8 candidates (transposed: word j of the
// 8 candidates in 64 contiguous bytes, at c; their high nibbles shifted down
// at chi) and each query (32 words: low nibbles, then high nibbles shifted
// down), the query words are broadcast, ANDed with the candidates' and
// counted by VPSHUFB lookup; VPSADBW sums the bytes of each 64-bit lane,
// giving the 8 counts c. A hit is emitted where c*2*Scale - crhs >= qrhs.
// BP walks chi (the nonzero frame makes the assembler save BP).
TEXT ·avx2Dice1024(SB), NOSPLIT, $64-80
	MOVQ q+0(FP), SI
	MOVQ nq+8(FP), R8
	MOVQ qrhs+16(FP), R9
	MOVQ c+24(FP), DI
	MOVQ chi+32(FP), BP
	MOVQ ng+40(FP), R10
	MOVQ crhs+48(FP), R11
	MOVQ out+56(FP), R12
	MOVL cbase+68(FP), R13
	XORQ R14, R14
	TESTQ R10, R10
	JZ done
	TESTQ R8, R8
	JZ done
	MOVL qbase+64(FP), AX
	ADDQ AX, R8 // R8 = end query index
	VMOVDQU nibblePop<>(SB), Y14
	MOVQ $20000, AX
	MOVQ AX, X12
	VPBROADCASTQ X12, Y12
	VPXOR Y13, Y13, Y13

group:
	VMOVDQU 0(R11), Y10
	VMOVDQU 32(R11), Y11
	MOVQ SI, BX
	MOVQ R9, CX
	MOVL qbase+64(FP), DX

query:
	NIBBLES(0, Y0, Y1, Y2, Y3)
	WORD(1)
	WORD(2)
	WORD(3)
	WORD(4)
	WORD(5)
	WORD(6)
	WORD(7)
	WORD(8)
	WORD(9)
	WORD(10)
	WORD(11)
	WORD(12)
	WORD(13)
	WORD(14)
	WORD(15)
	VPADDB Y2, Y0, Y0
	VPADDB Y3, Y1, Y1
	VPSADBW Y13, Y0, Y0
	VPSADBW Y13, Y1, Y1
	VPMULUDQ Y12, Y0, Y4
	VPMULUDQ Y12, Y1, Y5
	VPSUBQ Y10, Y4, Y4
	VPSUBQ Y11, Y5, Y5
	VPBROADCASTQ (CX), Y6
	VPCMPGTQ Y4, Y6, Y4 // qrhs > x: no hit
	VPCMPGTQ Y5, Y6, Y5
	VMOVMSKPD Y4, AX
	VMOVMSKPD Y5, R15
	SHLL $4, R15
	ORL R15, AX
	XORL $0xff, AX
	JNZ hit

next:
	ADDQ $256, BX
	ADDQ $8, CX
	INCQ DX
	CMPQ DX, R8
	JLT query
	ADDQ $1024, DI
	ADDQ $1024, BP
	ADDQ $64, R11
	ADDQ $8, R13
	DECQ R10
	JNZ group

done:
	VZEROUPPER
	MOVQ R14, ret+72(FP)
	RET

hit:
	VMOVDQU Y0, 0(SP)
	VMOVDQU Y1, 32(SP)

hitloop:
	BSFL AX, R15
	MOVL DX, 0(R12)
	MOVL R15, 4(R12)
	ADDL R13, 4(R12)
	MOVL (SP)(R15*8), R15
	MOVL R15, 8(R12)
	ADDQ $12, R12
	INCQ R14
	LEAL -1(AX), R15
	ANDL R15, AX
	JNZ hitloop
	JMP next
