package org.atende.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GoertzelDtmfDetectorTest {

    private static final int RATE = 8000;
    private static final int FRAME = 160;
    /** -10 dBm0 per tone (0 dBm0 sine peak 22,324). */
    private static final double AMPLITUDE = 7060;
    private static final String ALL_DIGITS = "123A456B789C*0#D";

    private record Detected(char digit, long start, long duration) {
    }

    private final List<Detected> detected = new ArrayList<>();
    private final List<Character> started = new ArrayList<>();
    private final GoertzelDtmfDetector detector = new GoertzelDtmfDetector(new DigitListener() {
        @Override
        public void onDigit(char digit, long startSample, long durationSamples) {
            detected.add(new Detected(digit, startSample, durationSamples));
        }

        @Override
        public void onDigitStarted(char digit, long startSample) {
            started.add(digit);
        }
    });

    @Test
    void everyDigitIsDetectedWithItsTiming() {
        Signal signal = new Signal();
        List<Detected> truth = new ArrayList<>();
        signal.silence(100);
        for (char digit : ALL_DIGITS.toCharArray()) {
            truth.add(new Detected(digit, signal.length(), 800));
            signal.digit(digit, 100, 0, AMPLITUDE, AMPLITUDE);
            signal.silence(100);
        }
        feedInFrames(signal.samples());

        assertThat(digits()).isEqualTo(ALL_DIGITS);
        assertThat(started).hasSize(ALL_DIGITS.length());
        for (int i = 0; i < truth.size(); i++) {
            Detected d = detected.get(i);
            assertThat(d.start()).as("start of %s", d.digit())
                    .isBetween(truth.get(i).start() - GoertzelDtmfDetector.BLOCK_SIZE,
                            truth.get(i).start() + GoertzelDtmfDetector.BLOCK_SIZE);
            assertThat(d.duration()).as("duration of %s", d.digit())
                    .isBetween(800L - GoertzelDtmfDetector.BLOCK_SIZE, 800L + GoertzelDtmfDetector.BLOCK_SIZE);
        }
    }

    @Test
    void aDialledNumberIsDetectedInOrder() {
        Signal signal = new Signal();
        for (char digit : "0800123#".toCharArray()) {
            signal.digit(digit, 60, 0, AMPLITUDE, AMPLITUDE);
            signal.silence(60);
        }
        feedInFrames(signal.samples());

        assertThat(digits()).isEqualTo("0800123#");
    }

    @Test
    void tonesOf43MillisecondsAreDetectedAtAnyAlignment() {
        for (int shift = 0; shift < GoertzelDtmfDetector.BLOCK_SIZE; shift += 3) {
            GoertzelDtmfDetectorTest fresh = new GoertzelDtmfDetectorTest();
            Signal signal = new Signal();
            signal.samples(shift);
            signal.digit('5', 43, 0, AMPLITUDE, AMPLITUDE);
            signal.silence(60);
            fresh.feedInFrames(signal.samples());
            assertThat(fresh.digits()).as("shift %d", shift).isEqualTo("5");
        }
    }

    @Test
    void twentyMillisecondTonesAreNotDetectedAtAnyAlignment() {
        Signal signal = new Signal();
        for (int shift = 0; shift < GoertzelDtmfDetector.BLOCK_SIZE; shift += 7) {
            signal.samples(shift);
            signal.digit('5', 20, 0, AMPLITUDE, AMPLITUDE);
            signal.silence(60);
        }
        feedInFrames(signal.samples());

        assertThat(detected).isEmpty();
    }

    @Test
    void twentyFiveMillisecondTonesAreNotDetectedAtAnyAlignment() {
        Signal signal = new Signal();
        for (int shift = 0; shift < GoertzelDtmfDetector.BLOCK_SIZE; shift += 3) {
            signal.samples(shift);
            signal.digit('0', 25, 0, AMPLITUDE, AMPLITUDE);
            signal.silence(60);
        }
        feedInFrames(signal.samples());

        assertThat(detected).isEmpty();
    }

    @Test
    void singleTonesAreNotDetected() {
        Signal signal = new Signal();
        for (double hz : new double[] {697, 770, 852, 941, 1209, 1336, 1477, 1633}) {
            signal.tone(hz, 0, 200, AMPLITUDE * 1.4);
            signal.silence(100);
        }
        feedInFrames(signal.samples());

        assertThat(detected).isEmpty();
    }

    @Test
    void whiteNoiseIsNotDetected() {
        Random random = new Random(42);
        short[] noise = new short[RATE * 5];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = clip(random.nextGaussian() * 6000);
        }
        feedInFrames(noise);

        assertThat(detected).isEmpty();
    }

    @Test
    void dialTonesAreNotDetected() {
        Signal signal = new Signal();
        signal.tone(425, 0, 1000, AMPLITUDE * 1.4);
        signal.tone(350, 440, 1000, AMPLITUDE);
        feedInFrames(signal.samples());

        assertThat(detected).isEmpty();
    }

    @Test
    void aDigitIsDetectedAt20DbSignalToNoise() {
        Signal signal = new Signal();
        signal.digit('7', 100, 0, AMPLITUDE, AMPLITUDE);
        signal.silence(100);
        short[] samples = signal.samples();
        // each tone has mean square A²/2; 20 dB below the sum of both
        double noiseRms = Math.sqrt(AMPLITUDE * AMPLITUDE / 100.0);
        Random random = new Random(7);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = clip(samples[i] + random.nextGaussian() * noiseRms);
        }
        feedInFrames(samples);

        assertThat(digits()).isEqualTo("7");
    }

    @Test
    void twistWithinLimitsIsAcceptedAndBeyondRejected() {
        assertThat(detectOne('9', 0, AMPLITUDE, AMPLITUDE * Math.pow(10, -7.0 / 20))).isEqualTo("9");
        assertThat(detectOne('9', 0, AMPLITUDE * Math.pow(10, -3.5 / 20), AMPLITUDE)).isEqualTo("9");
        assertThat(detectOne('9', 0, AMPLITUDE, AMPLITUDE * Math.pow(10, -10.0 / 20))).isEmpty();
        assertThat(detectOne('9', 0, AMPLITUDE * Math.pow(10, -6.0 / 20), AMPLITUDE)).isEmpty();
    }

    @Test
    void tonesTooQuietAreRejected() {
        double minus35dBm0 = 22324 * Math.pow(10, -35.0 / 20);
        assertThat(detectOne('1', 0, minus35dBm0, minus35dBm0)).isEmpty();
        double minus25dBm0 = 22324 * Math.pow(10, -25.0 / 20);
        assertThat(detectOne('1', 0, minus25dBm0, minus25dBm0)).isEqualTo("1");
    }

    @Test
    void frequencyOffsetOfOneAndAHalfPercentIsAccepted() {
        for (char digit : ALL_DIGITS.toCharArray()) {
            assertThat(detectOne(digit, 0.015, AMPLITUDE, AMPLITUDE)).as("+1.5%% %s", digit).isEqualTo(String.valueOf(digit));
            assertThat(detectOne(digit, -0.015, AMPLITUDE, AMPLITUDE)).as("-1.5%% %s", digit).isEqualTo(String.valueOf(digit));
        }
    }

    @Test
    void frequencyOffsetOfThreeAndAHalfPercentIsRejected() {
        for (char digit : ALL_DIGITS.toCharArray()) {
            assertThat(detectOne(digit, 0.035, AMPLITUDE, AMPLITUDE)).as("+3.5%% %s", digit).isEmpty();
            assertThat(detectOne(digit, -0.035, AMPLITUDE, AMPLITUDE)).as("-3.5%% %s", digit).isEmpty();
        }
    }

    @Test
    void harmonicRichVoicedSoundIsNotDetected() {
        short[] samples = new short[RATE / 5];
        for (int f0 = 90; f0 <= 400; f0 += 3) {
            for (int n = 0; n < samples.length; n++) {
                double v = 0;
                for (int k = 1; k * f0 < 3400; k++) {
                    v += 6000.0 / k * Math.sin(2 * Math.PI * k * f0 * n / RATE);
                }
                samples[n] = clip(v);
            }
            feedInFrames(samples);
        }

        assertThat(detected).isEmpty();
    }

    @Test
    void processingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int[] digits = new int[1];
        GoertzelDtmfDetector quiet = new GoertzelDtmfDetector((digit, start, duration) -> digits[0]++);
        Signal signal = new Signal();
        for (char digit : ALL_DIGITS.toCharArray()) {
            signal.digit(digit, 60, 0, AMPLITUDE, AMPLITUDE);
            signal.silence(60);
        }
        short[] samples = signal.samples();
        for (int i = 0; i < samples.length; i += FRAME) {
            quiet.process(samples, i, Math.min(FRAME, samples.length - i));
        }
        long thread = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(thread);
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < samples.length; i += FRAME) {
            quiet.process(samples, i, Math.min(FRAME, samples.length - i));
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(digits[0]).isEqualTo(2 * ALL_DIGITS.length());
        assertThat(allocated).isZero();
    }

    @Test
    void frameSizeDoesNotChangeTheResult() {
        Signal signal = new Signal();
        signal.digit('#', 100, 0, AMPLITUDE, AMPLITUDE);
        signal.silence(100);
        short[] samples = signal.samples();
        for (int i = 0; i < samples.length; i += 7) {
            detector.process(samples, i, Math.min(7, samples.length - i));
        }
        GoertzelDtmfDetectorTest other = new GoertzelDtmfDetectorTest();
        other.feedInFrames(samples);

        assertThat(detected).isEqualTo(other.detected);
        assertThat(detector.samplesProcessed()).isEqualTo(samples.length);
    }

    private String detectOne(char digit, double offset, double rowAmplitude, double colAmplitude) {
        GoertzelDtmfDetectorTest fresh = new GoertzelDtmfDetectorTest();
        Signal signal = new Signal();
        signal.silence(30);
        signal.digit(digit, 100, offset, rowAmplitude, colAmplitude);
        signal.silence(100);
        fresh.feedInFrames(signal.samples());
        return fresh.digits();
    }

    private void feedInFrames(short[] samples) {
        for (int i = 0; i < samples.length; i += FRAME) {
            detector.process(samples, i, Math.min(FRAME, samples.length - i));
        }
    }

    private String digits() {
        StringBuilder sb = new StringBuilder();
        detected.forEach(d -> sb.append(d.digit()));
        return sb.toString();
    }

    private static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }

    /** Builds a test signal; the phase of each burst starts at zero. */
    private static final class Signal {
        private static final double[] ROWS = {697, 770, 852, 941};
        private static final double[] COLS = {1209, 1336, 1477, 1633};
        private static final String LAYOUT = "123A456B789C*0#D";
        private short[] data = new short[1024];
        private int length;

        int length() {
            return length;
        }

        void silence(int ms) {
            samples(ms * RATE / 1000);
        }

        void samples(int count) {
            ensure(count);
            length += count;
        }

        void digit(char digit, int ms, double offset, double rowAmplitude, double colAmplitude) {
            int index = LAYOUT.indexOf(digit);
            double row = ROWS[index / 4] * (1 + offset);
            double col = COLS[index % 4] * (1 + offset);
            twoTones(row, rowAmplitude, col, colAmplitude, ms);
        }

        void tone(double hz, double hz2, int ms, double amplitude) {
            twoTones(hz, amplitude, hz2, hz2 == 0 ? 0 : amplitude, ms);
        }

        private void twoTones(double f1, double a1, double f2, double a2, int ms) {
            int count = ms * RATE / 1000;
            ensure(count);
            for (int n = 0; n < count; n++) {
                double v = a1 * Math.sin(2 * Math.PI * f1 * n / RATE) + a2 * Math.sin(2 * Math.PI * f2 * n / RATE);
                data[length + n] = clip(v);
            }
            length += count;
        }

        private void ensure(int more) {
            if (length + more > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, length + more));
            }
        }

        short[] samples() {
            return java.util.Arrays.copyOf(data, length);
        }
    }
}
