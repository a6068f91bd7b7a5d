package org.atende.media.dtmf.rfc4733;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.atende.media.rtp.RtpHeader;
import org.junit.jupiter.api.Test;

class TelephoneEventReceiverTest {

    private static final int PT = 101;
    private static final int PACKET_INTERVAL = 160; // 20 ms at 8 kHz

    /** One telephone-event packet before encoding. */
    record Pkt(long timestamp, int event, boolean end, int duration) {
    }

    record Digit(char digit, long duration) {
    }

    // jqwik shares one instance between the tries of a property: properties call reset() first
    private List<Digit> digits;
    private TelephoneEventReceiver receiver;
    private int sequence;

    TelephoneEventReceiverTest() {
        reset();
    }

    private void reset() {
        List<Digit> out = new ArrayList<>();
        digits = out;
        receiver = new TelephoneEventReceiver(PT, (digit, duration) -> out.add(new Digit(digit, duration)));
        sequence = 0;
    }

    private void feed(Pkt p) {
        feed(p, PT);
    }

    private void feed(Pkt p, int payloadType) {
        ByteBuf payload = Unpooled.buffer(4);
        new TelephoneEvent(p.event(), p.end(), 10, p.duration()).writeTo(payload);
        ByteBuf packet = RtpHeader.encode(ByteBufAllocator.DEFAULT, payloadType, false, sequence++ & 0xFFFF,
                p.timestamp() & 0xFFFF_FFFFL, 0x1234, payload);
        try {
            receiver.receive(packet);
            assertThat(packet.refCnt()).isEqualTo(1);
            assertThat(packet.readerIndex()).isZero();
        } finally {
            payload.release();
            packet.release();
        }
    }

    private void feedAll(List<Pkt> packets) {
        packets.forEach(this::feed);
    }

    /**
     * The packets a sender emits for one key press of {@code total} timestamp units starting at {@code start}:
     * one every 20 ms with a growing duration, 3 end packets, and a new segment every 0xFFFF units.
     */
    static List<Pkt> press(char digit, long start, long total) {
        int event = TelephoneEvent.eventOf(digit);
        List<Pkt> out = new ArrayList<>();
        long segmentStart = start;
        long remaining = total;
        while (true) {
            boolean last = remaining <= TelephoneEvent.MAX_DURATION;
            int segmentLength = (int) Math.min(remaining, TelephoneEvent.MAX_DURATION);
            for (int d = PACKET_INTERVAL; d < segmentLength; d += PACKET_INTERVAL) {
                out.add(new Pkt(segmentStart, event, false, d));
            }
            if (last) {
                for (int i = 0; i < 3; i++) {
                    out.add(new Pkt(segmentStart, event, true, segmentLength));
                }
                return out;
            }
            out.add(new Pkt(segmentStart, event, false, TelephoneEvent.MAX_DURATION));
            segmentStart += TelephoneEvent.MAX_DURATION;
            remaining -= TelephoneEvent.MAX_DURATION;
        }
    }

    @Test
    void digitWithThreeEndPacketsIsReportedOnceWithTheFinalDuration() {
        feedAll(press('5', 1000, 800));

        assertThat(digits).containsExactly(new Digit('5', 800));
        assertThat(receiver.ignoredPackets()).isEqualTo(2);
    }

    @Test
    void keySequenceIsReportedInOrder() {
        long ts = 5000;
        for (char c : "123#".toCharArray()) {
            feedAll(press(c, ts, 640));
            ts += 640 + 800;
        }

        assertThat(digits).extracting(Digit::digit).containsExactly('1', '2', '3', '#');
    }

    @Test
    void allSixteenKeysMapToTheirCharacters() {
        long ts = 0;
        String keys = "0123456789*#ABCD";
        for (char c : keys.toCharArray()) {
            feedAll(press(c, ts, 320));
            ts += 1000;
        }
        StringBuilder seen = new StringBuilder();
        digits.forEach(d -> seen.append(d.digit()));
        assertThat(seen.toString()).isEqualTo(keys);
    }

    @Test
    void repeatedKeyIsTwoPresses() {
        feedAll(press('1', 0, 480));
        feedAll(press('1', 1000, 480));
        assertThat(digits).containsExactly(new Digit('1', 480), new Digit('1', 480));
    }

    @Test
    void fiveSecondPressIsOneDigit() {
        feedAll(press('9', 100, 40_000));
        assertThat(digits).containsExactly(new Digit('9', 40_000));
    }

    @Test
    void tenSecondPressInTwoSegmentsIsOneDigitWithTheSummedDuration() {
        List<Pkt> packets = press('0', 0xFFFF_0000L, 80_000); // segments and wraps the 32-bit timestamp
        assertThat(packets).extracting(Pkt::timestamp).containsOnly(0xFFFF_0000L, 0xFFFF_0000L + 0xFFFF);

        feedAll(packets);

        assertThat(digits).containsExactly(new Digit('0', 80_000));
    }

    @Test
    void longPressWhoseSegmentBoundaryPacketIsLostIsStillOneDigit() {
        List<Pkt> packets = new ArrayList<>(press('*', 0, 150_000));
        packets.removeIf(p -> p.duration() == TelephoneEvent.MAX_DURATION && !p.end());

        feedAll(packets);

        assertThat(digits).containsExactly(new Digit('*', 150_000));
    }

    @Test
    void lostStartPacketsStillGiveOneDigit() {
        List<Pkt> packets = press('7', 2000, 960);
        feedAll(packets.subList(3, packets.size())); // first seen has duration 640

        assertThat(digits).containsExactly(new Digit('7', 960));
    }

    @Test
    void onlyEndPacketsSeenGiveOneDigit() {
        feed(new Pkt(3000, 4, true, 800));
        feed(new Pkt(3000, 4, true, 800));
        assertThat(digits).containsExactly(new Digit('4', 800));
    }

    @Test
    void newEventWithoutEndReportsThePreviousWithItsLastKnownDuration() {
        feed(new Pkt(0, 1, false, 160));
        feed(new Pkt(0, 1, false, 320));
        assertThat(digits).isEmpty();
        feedAll(press('2', 1000, 480));
        assertThat(digits).containsExactly(new Digit('1', 320), new Digit('2', 480));
    }

    @Test
    void reorderedPacketsWithinAnEventKeepTheLargestDuration() {
        feed(new Pkt(0, 3, false, 320));
        feed(new Pkt(0, 3, false, 160));
        feed(new Pkt(0, 3, true, 640));
        feed(new Pkt(0, 3, false, 480)); // late, after the end
        feed(new Pkt(0, 3, true, 640));
        assertThat(digits).containsExactly(new Digit('3', 640));
    }

    @Test
    void latePacketsOfAnEarlierEventAreDropped() {
        List<Pkt> first = press('1', 0, 480);
        List<Pkt> second = press('2', 1000, 480);
        feedAll(first.subList(0, 2));
        feed(second.get(0)); // overtakes the end of '1'
        feedAll(first.subList(2, first.size()));
        feedAll(second.subList(1, second.size()));

        assertThat(digits).containsExactly(new Digit('1', 320), new Digit('2', 480));
    }

    @Test
    void flushReportsTheEventInProgressOnce() {
        feed(new Pkt(0, 11, false, 160));
        feed(new Pkt(0, 11, false, 320));
        receiver.flush();
        receiver.flush();
        assertThat(digits).containsExactly(new Digit('#', 320));
        feed(new Pkt(0, 11, true, 480)); // the end arrives after the call was flushed
        assertThat(digits).hasSize(1);
    }

    @Test
    void nonKeyEventsOtherPayloadTypesAndShortPayloadsAreIgnored() {
        feed(new Pkt(0, 16, true, 800)); // flash
        feed(new Pkt(1000, 5, true, 800), 0); // PCMU payload type
        ByteBuf shortPayload = Unpooled.wrappedBuffer(new byte[] {5, (byte) 0x80, 0});
        ByteBuf packet = RtpHeader.encode(ByteBufAllocator.DEFAULT, PT, false, 1, 2000, 1, shortPayload);
        receiver.receive(packet);
        ByteBuf notRtp = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        receiver.receive(notRtp);
        assertThat(packet.release()).isTrue();
        assertThat(shortPayload.release()).isTrue();
        assertThat(notRtp.release()).isTrue();

        assertThat(digits).isEmpty();
        assertThat(receiver.malformedPackets()).isEqualTo(2);
        assertThat(receiver.ignoredPackets()).isEqualTo(1);
    }

    @Property(tries = 200)
    void digitSequenceSurvivesDuplicationAndLossOfNonEndPackets(@ForAll("keys") String keys,
                                                               @ForAll long seed,
                                                               @ForAll @IntRange(max = 40) int lossPercent,
                                                               @ForAll @IntRange(max = 40) int duplicatePercent) {
        reset();
        Random random = new Random(seed);
        long ts = random.nextInt() & 0xFFFF_FFFFL;
        List<Pkt> stream = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (char c : keys.toCharArray()) {
            long total = random.nextInt(10) == 0 ? 60_000 + random.nextInt(90_000) : 80 + random.nextInt(4000);
            totals.add(total);
            List<Pkt> packets = press(c, ts, total);
            int keptEnd = packets.size() - 1 - random.nextInt(3);
            for (int i = 0; i < packets.size(); i++) {
                Pkt p = packets.get(i);
                if (i != keptEnd && random.nextInt(100) < lossPercent) {
                    continue;
                }
                stream.add(p);
                while (random.nextInt(100) < duplicatePercent) {
                    stream.add(p);
                }
            }
            ts += total + 160 + random.nextInt(8000);
        }

        feedAll(stream);

        StringBuilder seen = new StringBuilder();
        digits.forEach(d -> seen.append(d.digit()));
        assertThat(seen.toString()).isEqualTo(keys);
        for (int i = 0; i < digits.size(); i++) {
            assertThat(digits.get(i).duration()).isPositive().isLessThanOrEqualTo(totals.get(i));
        }
    }

    @Property(tries = 60)
    void withoutLossEveryDurationIsExact(@ForAll("keys") String keys, @ForAll long seed) {
        reset();
        Random random = new Random(seed);
        long ts = 0;
        List<Long> totals = new ArrayList<>();
        for (char c : keys.toCharArray()) {
            long total = 80 + random.nextInt(random.nextInt(5) == 0 ? 200_000 : 4000);
            totals.add(total);
            List<Pkt> packets = new ArrayList<>(press(c, ts, total));
            Collections.swap(packets, packets.size() - 1, Math.max(0, packets.size() - 4 - random.nextInt(3)));
            feedAll(packets);
            ts += total + 1; // the next press starts right after: only the E bit separates them
        }

        assertThat(digits).extracting(Digit::duration).containsExactlyElementsOf(totals);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withChars("0123456789*#ABCD").ofMinLength(1).ofMaxLength(8);
    }
}
