package org.atende.media.player;

import static org.assertj.core.api.Assertions.assertThat;

import org.atende.media.dtmf.GoertzelDtmfDetector;
import org.junit.jupiter.api.Test;

class ToneGeneratorTest {

    private static short[] frames(ToneGenerator g, int count) {
        short[] all = new short[160 * count];
        short[] f = new short[160];
        for (int i = 0; i < count; i++) {
            g.next(f);
            System.arraycopy(f, 0, all, 160 * i, 160);
        }
        return all;
    }

    private static double power(short[] s, int off, int len, double hz) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < len; i++) {
            double w = 2 * Math.PI * hz * i / 8000;
            re += s[off + i] * Math.cos(w);
            im += s[off + i] * Math.sin(w);
        }
        return re * re + im * im;
    }

    private static double energy(short[] s, int off, int len) {
        double e = 0;
        for (int i = 0; i < len; i++) {
            e += (double) s[off + i] * s[off + i];
        }
        return e;
    }

    @Test
    void dialToneSpectralPeakIs425Hz() {
        short[] s = frames(ToneGenerator.dialTone(), 10);
        double best = 0;
        double bestHz = 0;
        for (double hz = 200; hz <= 2000; hz += 5) {
            double p = power(s, 0, s.length, hz);
            if (p > best) {
                best = p;
                bestHz = hz;
            }
        }
        assertThat(bestHz).isEqualTo(425.0);
        // Each single 20 ms frame too: 425 Hz dominates 300 and 550 Hz.
        for (int f = 0; f < 10; f++) {
            assertThat(power(s, 160 * f, 160, 425)).isGreaterThan(10 * power(s, 160 * f, 160, 300));
            assertThat(power(s, 160 * f, 160, 425)).isGreaterThan(10 * power(s, 160 * f, 160, 550));
        }
    }

    @Test
    void levelIsMinus10Dbm0() {
        short[] s = frames(ToneGenerator.dialTone(), 50);
        double rms = Math.sqrt(energy(s, 0, s.length) / s.length);
        double expected = 22324 * Math.pow(10, -0.5) / Math.sqrt(2);
        assertThat(rms).isBetween(expected * 0.99, expected * 1.01);
    }

    @Test
    void ringbackIs50FramesOn200Off() {
        short[] s = frames(ToneGenerator.ringback(), 500);
        for (int f = 0; f < 500; f++) {
            double e = energy(s, 160 * f, 160);
            if (f % 250 < 50) {
                assertThat(e).as("frame %d", f).isGreaterThan(1e8);
            } else {
                assertThat(e).as("frame %d", f).isZero();
            }
        }
    }

    @Test
    void busyIs250On250OffAndBeepSoundsOnce() {
        short[] s = frames(ToneGenerator.busy(), 100);
        for (int f = 0; f < 100; f++) {
            assertThat(energy(s, 160 * f, 160) > 0).as("frame %d", f).isEqualTo(f % 25 <= 12);
        }
        // 250 ms = 12.5 frames: frames 12 and 37 are on for their first 80 samples only.
        assertThat(energy(s, 160 * 12, 80)).isGreaterThan(1e7);
        assertThat(energy(s, 160 * 12 + 80, 80)).isZero();
        assertThat(energy(s, 160 * 37, 80)).isGreaterThan(1e7);
        assertThat(energy(s, 160 * 37 + 80, 80)).isZero();
        short[] b = frames(ToneGenerator.beep(), 100);
        for (int f = 0; f < 100; f++) {
            assertThat(energy(b, 160 * f, 160) > 0).as("frame %d", f).isEqualTo(f < 10);
        }
    }

    @Test
    void phaseContinuousAcrossFrameBoundaries() {
        ToneGenerator g = ToneGenerator.dialTone();
        double peak = 22324 * Math.pow(10, -0.5);
        double maxStep = peak * 2 * Math.PI * 425 / 8000 + 2;
        assertNoJump(frames(g, 200), maxStep);
        double dtmfPeak = 22324 * Math.pow(10, -0.5);
        assertNoJump(frames(ToneGenerator.dtmf('D', -10), 200), dtmfPeak * 2 * Math.PI * (941 + 1633) / 8000 + 2);
    }

    private static void assertNoJump(short[] s, double maxStep) {
        for (int i = 1; i < s.length; i++) {
            assertThat((double) Math.abs(s[i] - s[i - 1])).as("sample %d", i).isLessThanOrEqualTo(maxStep);
        }
    }

    @Test
    void dtmfFiveIsDetected() {
        StringBuilder got = new StringBuilder();
        GoertzelDtmfDetector d = new GoertzelDtmfDetector((digit, start, dur) -> got.append(digit));
        short[] tone = frames(ToneGenerator.dtmf('5', -10), 5);
        short[] silence = new short[160 * 5];
        d.process(silence, 0, silence.length);
        d.process(tone, 0, tone.length);
        d.process(silence, 0, silence.length);
        assertThat(got.toString()).isEqualTo("5");
        assertThat(power(tone, 0, tone.length, 770)).isGreaterThan(100 * power(tone, 0, tone.length, 852));
        assertThat(power(tone, 0, tone.length, 1336)).isGreaterThan(100 * power(tone, 0, tone.length, 1209));
    }

    @Test
    void everyDtmfKeyIsDetected() {
        for (char c : "0123456789*#ABCD".toCharArray()) {
            StringBuilder got = new StringBuilder();
            GoertzelDtmfDetector d = new GoertzelDtmfDetector((digit, start, dur) -> got.append(digit));
            short[] tone = frames(ToneGenerator.dtmf(c, -10), 5);
            d.process(tone, 0, tone.length);
            d.process(new short[800], 0, 800);
            assertThat(got.toString()).as("key %s", c).isEqualTo(String.valueOf(c));
        }
    }

    @Test
    void nextAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ToneGenerator g = ToneGenerator.busy();
        short[] f = new short[160];
        long sum = 0;
        for (int i = 0; i < 2000; i++) {
            g.next(f);
            sum += f[7];
        }
        long thread = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(thread);
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 2000; i++) {
            g.next(f);
            sum += f[7];
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).isZero();
        assertThat(g.samplesGenerated()).isEqualTo(4000L * 160);
        assertThat(sum).isNotEqualTo(Long.MIN_VALUE);
    }
}
