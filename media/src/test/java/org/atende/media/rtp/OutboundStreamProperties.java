package org.atende.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever arrives, the relayed stream a peer sees is one source with monotonic sequence numbers and timestamps. */
class OutboundStreamProperties {

    /** One arriving packet: which of a few sources, its sequence number and timestamp, or a generated frame. */
    record Arrival(int source, int seq, long ts, boolean generated, int gapMs) {
    }

    @Provide
    Arbitrary<List<Arrival>> arrivals() {
        // a plausible stream (in order with wraps) disturbed by reordering, duplicates, losses, restarts and prompts
        Arbitrary<Integer> step = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(70, 1), net.jqwik.api.Tuple.of(8, 0), net.jqwik.api.Tuple.of(8, -1),
                net.jqwik.api.Tuple.of(5, -3), net.jqwik.api.Tuple.of(6, 3), net.jqwik.api.Tuple.of(2, 40000),
                net.jqwik.api.Tuple.of(1, 5000));
        Arbitrary<Arrival> change = Combinators.combine(step, Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 100))
                .as((s, source, kind, gap) -> new Arrival(kind == 0 ? source : -1, s, 0, kind == 1, gap));
        return change.list().ofMinSize(1).ofMaxSize(400).map(OutboundStreamProperties::materialise);
    }

    /** Turns steps into absolute sequence numbers/timestamps per source, starting near the wrap points. */
    private static List<Arrival> materialise(List<Arrival> steps) {
        int[] seq = {65500, 10, 32767};
        long[] ts = {0xFFFFF000L, 5, 1L << 31};
        int source = 0;
        List<Arrival> out = new ArrayList<>();
        for (Arrival a : steps) {
            if (a.source() >= 0) {
                source = a.source();
            }
            seq[source] = (seq[source] + a.seq()) & 0xFFFF;
            ts[source] = (ts[source] + 160L * a.seq()) & 0xFFFFFFFFL;
            out.add(new Arrival(source, seq[source], ts[source], a.generated(), a.gapMs()));
        }
        return out;
    }

    @Property(tries = 300)
    void outputSequenceNumbersRiseAndTimestampsNeverGoBack(@ForAll("arrivals") List<Arrival> arrivals) {
        OutboundStream stream = new OutboundStream(0xCAFEL, 8000, 65530, 0xFFFFFF00L);
        RtpHeader header = new RtpHeader();
        long now = 0;
        long lastExtendedSeq = -1;
        long lastExtendedTs = -1;
        int previousSeq = 0;
        long previousTs = 0;
        for (Arrival a : arrivals) {
            now += a.gapMs() * 1_000_000L;
            ByteBuf packet = Unpooled.buffer(12 + 160);
            boolean sent;
            if (a.generated()) {
                stream.writeGeneratedHeader(packet, 8, 160, now);
                packet.writeZero(160);
                sent = true;
            } else {
                packet.writeByte(0x80).writeByte(0).writeShort(a.seq()).writeInt((int) a.ts())
                        .writeInt(1000 + a.source()).writeZero(160);
                assertThat(header.read(packet)).isTrue();
                sent = stream.relay(packet, header, 0, now);
            }
            if (sent) {
                assertThat(header.read(packet)).isTrue();
                assertThat(header.ssrc()).isEqualTo(0xCAFEL);
                if (lastExtendedSeq < 0) {
                    lastExtendedSeq = header.sequenceNumber();
                    lastExtendedTs = header.timestamp();
                } else {
                    int seqStep = (header.sequenceNumber() - previousSeq) & 0xFFFF;
                    long tsStep = (header.timestamp() - previousTs) & 0xFFFFFFFFL;
                    assertThat(seqStep).as("sequence step").isBetween(1, SequenceTracker.MAX_DROPOUT);
                    assertThat(tsStep).as("timestamp step").isLessThan(1L << 30);
                    lastExtendedSeq += seqStep;
                    lastExtendedTs += tsStep;
                }
                previousSeq = header.sequenceNumber();
                previousTs = header.timestamp();
            }
            packet.release();
        }
    }
}
