package org.atende.media.codec;

/**
 * ITU-T G.711 µ-law and A-law companding between 16-bit linear PCM and 8-bit codes.
 *
 * <p>The results are those of the ITU-T G.191 STL reference ({@code g711.c}: {@code ulaw_compress},
 * {@code ulaw_expand}, {@code alaw_compress}, {@code alaw_expand}), precomputed into tables at class
 * load so that every conversion is one array read and never allocates.
 *
 * <h2>µ-law (14-bit)</h2>
 * A 16-bit sample is reduced to a 14-bit two's complement value ({@code pcm >> 2}); negative values
 * are folded by one's complement, a bias of 33 is added and the magnitude is clipped to 8191. The
 * biased magnitude falls into one of 8 segments (chords) with boundaries 64, 128, …, 8192; within a
 * segment 16 uniform steps are coded. In 16-bit units the step is 8 in segment 0 and doubles in each
 * segment up to 1024 in segment 7. The code is {@code sign | (7 - segment) << 4 | (15 - step)},
 * with sign bit 1 for non-negative input (so silence is {@code 0xFF}). Decoded values range over
 * ±32124; codes {@code 0xFF} and {@code 0x7F} both decode to 0 and 0 encodes to {@code 0xFF}.
 *
 * <h2>A-law (13-bit)</h2>
 * A 16-bit sample is reduced to a 13-bit two's complement value; with the one's-complement fold the
 * magnitude is 12 bits wide ({@code pcm >> 4}, 0…2047 in the reference's units). Segment 0 and 1
 * both have step 16 (in 16-bit units) and segments 2…7 double it up to 1024. The code is
 * {@code sign | segment << 4 | step}, with sign bit 1 for non-negative input, and the even bits are
 * inverted (XOR {@code 0x55}) on the wire. Decoded values are the middle of the interval: ±8 … ±32256.
 *
 * <h2>Transcoding</h2>
 * {@link #ulawToAlaw} and {@link #alawToUlaw} use the conversion tables of G.711 Tables 3 and 4 as
 * printed in the CCITT recommendation and carried by the Sun reference ({@code _u2a}, {@code _a2u}),
 * with the two entries the Sun code marks as corrected. G.711 defines these mappings on their own;
 * they are not decode-then-encode, and A→µ→A is not the identity for every code.
 *
 * <p>Stateless and thread-safe.
 */
public final class G711 {

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    /** Indexed by {@code (pcm >> 2) & 0x3FFF}: µ-law looks at the 14 most significant bits. */
    private static final byte[] LINEAR14_TO_ULAW = new byte[1 << 14];
    /** Indexed by {@code (pcm >> 4) & 0x0FFF}: the reference A-law compressor looks at 12 bits. */
    private static final byte[] LINEAR12_TO_ALAW = new byte[1 << 12];
    private static final byte[] ULAW_TO_ALAW = new byte[256];
    private static final byte[] ALAW_TO_ULAW = new byte[256];

    /** G.711 µ→A magnitude table (1-based A-law index per µ-law magnitude index). */
    private static final int[] U2A = {
        1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
        9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 27, 29, 31, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44,
        46, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62,
        64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79,
        80, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96,
        97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
        113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128};

    /** G.711 A→µ magnitude table (1-based µ-law index per A-law magnitude index). */
    private static final int[] A2U = {
        1, 3, 5, 7, 9, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23,
        24, 25, 26, 27, 28, 29, 30, 31, 32, 32, 33, 33, 34, 34, 35, 35,
        36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 48, 49, 49,
        50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 64,
        65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80,
        80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
        96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
        112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127};

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_LINEAR[code] = (short) ulawExpand(code);
            ALAW_TO_LINEAR[code] = (short) alawExpand(code);
            ULAW_TO_ALAW[code] = (byte) ((code & 0x80) != 0
                    ? 0xD5 ^ (U2A[0xFF ^ code] - 1)
                    : 0x55 ^ (U2A[0x7F ^ code] - 1));
            ALAW_TO_ULAW[code] = (byte) ((code & 0x80) != 0
                    ? 0xFF ^ A2U[code ^ 0xD5]
                    : 0x7F ^ A2U[code ^ 0x55]);
        }
        for (int i = 0; i < LINEAR14_TO_ULAW.length; i++) {
            LINEAR14_TO_ULAW[i] = (byte) ulawCompress((short) (i << 2));
        }
        for (int i = 0; i < LINEAR12_TO_ALAW.length; i++) {
            LINEAR12_TO_ALAW[i] = (byte) alawCompress((short) (i << 4));
        }
    }

    private G711() {
    }

    /** Encodes one 16-bit sample to µ-law. */
    public static byte linearToUlaw(short pcm) {
        return LINEAR14_TO_ULAW[(pcm >> 2) & 0x3FFF];
    }

    /** Decodes one µ-law code to a 16-bit sample in [-32124, 32124]. */
    public static short ulawToLinear(byte code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    /** Encodes one 16-bit sample to A-law (even bits already inverted, as sent on the wire). */
    public static byte linearToAlaw(short pcm) {
        return LINEAR12_TO_ALAW[(pcm >> 4) & 0x0FFF];
    }

    /** Decodes one A-law code to a 16-bit sample in [-32256, 32256]. */
    public static short alawToLinear(byte code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    /** Transcodes µ-law to A-law by G.711 Table 3. */
    public static byte ulawToAlaw(byte ulaw) {
        return ULAW_TO_ALAW[ulaw & 0xFF];
    }

    /** Transcodes A-law to µ-law by G.711 Table 4. */
    public static byte alawToUlaw(byte alaw) {
        return ALAW_TO_ULAW[alaw & 0xFF];
    }

    /** Encodes {@code len} samples of {@code pcm} from {@code off} into {@code out} from {@code outOff}. */
    public static void encodeUlaw(short[] pcm, int off, int len, byte[] out, int outOff) {
        checkRanges(pcm.length, off, len, out.length, outOff);
        for (int i = 0; i < len; i++) {
            out[outOff + i] = LINEAR14_TO_ULAW[(pcm[off + i] >> 2) & 0x3FFF];
        }
    }

    /** Decodes {@code len} µ-law codes of {@code in} from {@code off} into {@code out} from {@code outOff}. */
    public static void decodeUlaw(byte[] in, int off, int len, short[] out, int outOff) {
        checkRanges(in.length, off, len, out.length, outOff);
        for (int i = 0; i < len; i++) {
            out[outOff + i] = ULAW_TO_LINEAR[in[off + i] & 0xFF];
        }
    }

    /** Encodes {@code len} samples of {@code pcm} from {@code off} into {@code out} from {@code outOff}. */
    public static void encodeAlaw(short[] pcm, int off, int len, byte[] out, int outOff) {
        checkRanges(pcm.length, off, len, out.length, outOff);
        for (int i = 0; i < len; i++) {
            out[outOff + i] = LINEAR12_TO_ALAW[(pcm[off + i] >> 4) & 0x0FFF];
        }
    }

    /** Decodes {@code len} A-law codes of {@code in} from {@code off} into {@code out} from {@code outOff}. */
    public static void decodeAlaw(byte[] in, int off, int len, short[] out, int outOff) {
        checkRanges(in.length, off, len, out.length, outOff);
        for (int i = 0; i < len; i++) {
            out[outOff + i] = ALAW_TO_LINEAR[in[off + i] & 0xFF];
        }
    }

    private static void checkRanges(int inLength, int off, int len, int outLength, int outOff) {
        if (off < 0 || len < 0 || outOff < 0 || off > inLength - len || outOff > outLength - len) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " outOff=" + outOff
                    + " in.length=" + inLength + " out.length=" + outLength);
        }
    }

    // The G.191 STL algorithms, used once to fill the tables.

    static int ulawCompress(short linear) {
        int absno = linear < 0 ? ((~linear) >> 2) + 33 : (linear >> 2) + 33;
        if (absno > 0x1FFF) {
            absno = 0x1FFF;
        }
        int i = absno >> 6;
        int segno = 1;
        while (i != 0) {
            segno++;
            i >>= 1;
        }
        int highNibble = 0x08 - segno;
        int lowNibble = 0x0F - ((absno >> segno) & 0x0F);
        int code = (highNibble << 4) | lowNibble;
        return linear >= 0 ? code | 0x80 : code;
    }

    static int ulawExpand(int code) {
        int sign = code < 0x80 ? -1 : 1;
        int mantissa = ~code;
        int exponent = (mantissa >> 4) & 0x07;
        int segment = exponent + 1;
        mantissa &= 0x0F;
        int step = 4 << segment;
        return sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33);
    }

    static int alawCompress(short linear) {
        int ix = linear < 0 ? (~linear) >> 4 : linear >> 4;
        if (ix > 15) {
            int iexp = 1;
            while (ix > 16 + 15) {
                ix >>= 1;
                iexp++;
            }
            ix -= 16;
            ix += iexp << 4;
        }
        if (linear >= 0) {
            ix |= 0x80;
        }
        return ix ^ 0x55;
    }

    static int alawExpand(int code) {
        int ix = (code ^ 0x55) & 0x7F;
        int iexp = ix >> 4;
        int mant = ix & 0x0F;
        if (iexp > 0) {
            mant += 16;
        }
        mant = (mant << 4) + 0x08;
        if (iexp > 1) {
            mant <<= iexp - 1;
        }
        return code > 127 ? mant : -mant;
    }
}
