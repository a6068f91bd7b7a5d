package org.atende.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void ulawReferenceValuesMatchG191() {
        assertThat(G711.linearToUlaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulawToLinear((byte) 0xFE)).isEqualTo((short) 8);
        assertThat(G711.ulawToLinear((byte) 0x7E)).isEqualTo((short) -8);
        assertThat(G711.linearToUlaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(G711.linearToUlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(G711.linearToUlaw((short) -1)).isEqualTo((byte) 0x7F);
    }

    @Test
    void alawReferenceValuesMatchG191() {
        assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
        assertThat(G711.linearToAlaw((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.linearToAlaw((short) -1)).isEqualTo((byte) 0x55);
        assertThat(G711.linearToAlaw(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
        assertThat(G711.linearToAlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
    }

    @Test
    void everyUlawCodeExceptNegativeZeroRoundTrips() {
        for (int code = 0; code < 256; code++) {
            byte expected = code == 0x7F ? (byte) 0xFF : (byte) code;
            assertThat(G711.linearToUlaw(G711.ulawToLinear((byte) code)))
                    .as("code 0x%02X", code).isEqualTo(expected);
        }
    }

    @Test
    void everyAlawCodeRoundTrips() {
        for (int code = 0; code < 256; code++) {
            assertThat(G711.linearToAlaw(G711.alawToLinear((byte) code)))
                    .as("code 0x%02X", code).isEqualTo((byte) code);
        }
    }

    @Test
    void encodingIsMonotonicInTheInput() {
        int previousUlaw = Integer.MIN_VALUE;
        int previousAlaw = Integer.MIN_VALUE;
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            int ulaw = G711.ulawToLinear(G711.linearToUlaw((short) pcm));
            int alaw = G711.alawToLinear(G711.linearToAlaw((short) pcm));
            assertThat(ulaw).as("µ-law at %d", pcm).isGreaterThanOrEqualTo(previousUlaw);
            assertThat(alaw).as("A-law at %d", pcm).isGreaterThanOrEqualTo(previousAlaw);
            previousUlaw = ulaw;
            previousAlaw = alaw;
        }
    }

    @Test
    void quantisationErrorStaysWithinTheSegmentStep() {
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            byte u = G711.linearToUlaw((short) pcm);
            assertThat(Math.abs(G711.ulawToLinear(u) - pcm)).as("µ-law at %d", pcm)
                    .isLessThanOrEqualTo(ulawStep(u));
            byte a = G711.linearToAlaw((short) pcm);
            assertThat(Math.abs(G711.alawToLinear(a) - pcm)).as("A-law at %d", pcm)
                    .isLessThanOrEqualTo(alawStep(a));
        }
    }

    @Test
    void quantisationErrorIsHalfAStepInsideTheRange() {
        for (int pcm = -32000; pcm <= 32000; pcm++) {
            byte u = G711.linearToUlaw((short) pcm);
            assertThat(Math.abs(G711.ulawToLinear(u) - pcm)).as("µ-law at %d", pcm)
                    .isLessThanOrEqualTo(ulawStep(u) / 2 + 4);
            byte a = G711.linearToAlaw((short) pcm);
            assertThat(Math.abs(G711.alawToLinear(a) - pcm)).as("A-law at %d", pcm)
                    .isLessThanOrEqualTo(alawStep(a) / 2 + 1);
        }
    }

    @Test
    void transcodingPreservesSignAndOrder() {
        for (int code = 0; code < 256; code++) {
            int u = G711.ulawToLinear((byte) code);
            int a = G711.alawToLinear(G711.ulawToAlaw((byte) code));
            assertThat((code & 0x80) == 0).as("µ 0x%02X", code).isEqualTo(a < 0);
            int u2 = G711.ulawToLinear(G711.alawToUlaw((byte) code));
            assertThat((code & 0x80) == 0).as("A 0x%02X", code).isEqualTo(u2 < 0);
        }
        for (int m = 1; m < 128; m++) {
            // magnitudes rise with the code index (sign-bit-set half, decreasing µ code = rising level)
            int prevA = G711.alawToLinear(G711.ulawToAlaw((byte) (0xFF - m + 1)));
            int nextA = G711.alawToLinear(G711.ulawToAlaw((byte) (0xFF - m)));
            assertThat(nextA).isGreaterThanOrEqualTo(prevA);
        }
    }

    @Test
    void transcodingErrorIsWithinOneStepOfTheTargetLaw() {
        for (int code = 0; code < 256; code++) {
            int u = G711.ulawToLinear((byte) code);
            byte a = G711.ulawToAlaw((byte) code);
            assertThat(Math.abs(G711.alawToLinear(a) - u)).as("µ 0x%02X", code)
                    .isLessThanOrEqualTo(alawStep(a));
            int lin = G711.alawToLinear((byte) code);
            byte back = G711.alawToUlaw((byte) code);
            assertThat(Math.abs(G711.ulawToLinear(back) - lin)).as("A 0x%02X", code)
                    .isLessThanOrEqualTo(ulawStep(back));
        }
    }

    @Test
    void transcodingTablesMatchG711Tables3And4AtSpotValues() {
        // µ-law silence becomes A-law's smallest positive/negative level and back.
        assertThat(G711.ulawToAlaw((byte) 0xFF)).isEqualTo((byte) 0xD5);
        assertThat(G711.ulawToAlaw((byte) 0x7F)).isEqualTo((byte) 0x55);
        assertThat(G711.alawToUlaw((byte) 0xD5)).isEqualTo((byte) 0xFE);
        assertThat(G711.alawToUlaw((byte) 0x55)).isEqualTo((byte) 0x7E);
        // full scale maps onto full scale
        assertThat(G711.ulawToAlaw((byte) 0x80)).isEqualTo((byte) 0xAA);
        assertThat(G711.alawToUlaw((byte) 0xAA)).isEqualTo((byte) 0x80);
        assertThat(G711.ulawToAlaw((byte) 0x00)).isEqualTo((byte) 0x2A);
        assertThat(G711.alawToUlaw((byte) 0x2A)).isEqualTo((byte) 0x00);
    }

    @Property(tries = 300)
    void frameFormsEqualPerSampleCalls(@ForAll @Size(max = 400) short[] pcm) {
        byte[] ulaw = new byte[pcm.length + 3];
        byte[] alaw = new byte[pcm.length + 3];
        G711.encodeUlaw(pcm, 0, pcm.length, ulaw, 3);
        G711.encodeAlaw(pcm, 0, pcm.length, alaw, 3);
        short[] ulawBack = new short[pcm.length + 1];
        short[] alawBack = new short[pcm.length + 1];
        G711.decodeUlaw(ulaw, 3, pcm.length, ulawBack, 1);
        G711.decodeAlaw(alaw, 3, pcm.length, alawBack, 1);
        for (int i = 0; i < pcm.length; i++) {
            assertThat(ulaw[3 + i]).isEqualTo(G711.linearToUlaw(pcm[i]));
            assertThat(alaw[3 + i]).isEqualTo(G711.linearToAlaw(pcm[i]));
            assertThat(ulawBack[1 + i]).isEqualTo(G711.ulawToLinear(ulaw[3 + i]));
            assertThat(alawBack[1 + i]).isEqualTo(G711.alawToLinear(alaw[3 + i]));
        }
    }

    private static int ulawStep(byte code) {
        int exponent = (~code >> 4) & 0x07;
        return 8 << exponent;
    }

    private static int alawStep(byte code) {
        int exponent = ((code ^ 0x55) >> 4) & 0x07;
        return exponent <= 1 ? 16 : 16 << (exponent - 1);
    }
}
