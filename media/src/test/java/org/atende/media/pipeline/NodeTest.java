package org.atende.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atende.media.rtp.RtpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The five node kinds: packets fed in, what comes out captured, every buffer released. */
class NodeTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 4000);

    private final Packet packet = new Packet(160);
    private final List<ByteBuf> fed = new ArrayList<>();

    /** Feeds one RTP packet of payload type {@code pt} through {@code head}, as a socket handler does. */
    private void feed(Node head, int pt, int seq) {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4});
        ByteBuf buf = RtpHeader.encode(PooledByteBufAllocator.DEFAULT, pt, false, seq, 160L * seq, 7, payload);
        fed.add(buf);
        try {
            head.receive(packet.reset(buf, PEER, seq));
        } finally {
            packet.clear();
            buf.release();
        }
    }

    /** Feeds bytes that are not RTP. */
    private void feedGarbage(Node head) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(3).writeBytes(new byte[] {9, 9, 9});
        fed.add(buf);
        try {
            head.receive(packet.reset(buf, PEER, 0));
        } finally {
            packet.clear();
            buf.release();
        }
    }

    @AfterEach
    void everyBufferWasReleased() {
        assertThat(fed).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    private static Filter parse() {
        return new Filter("rtp-parse") {
            @Override
            protected boolean accept(Packet p) {
                return p.header().read(p.buffer());
            }
        };
    }

    /** Captures the sequence number of every packet it takes. */
    private static final class Capture extends Consumer {
        final List<Integer> seqs = new ArrayList<>();

        Capture(String name) {
            super(name);
        }

        @Override
        protected boolean consume(Packet p) {
            seqs.add(p.header().sequenceNumber());
            return true;
        }
    }

    @Test
    void filterPassesWhatItAcceptsAndCountsWhatItDrops() {
        Filter parse = parse();
        Capture out = parse.then(new Capture("out"));
        feed(parse, 0, 1);
        feedGarbage(parse);
        feed(parse, 0, 2);
        assertThat(out.seqs).containsExactly(1, 2);
        assertThat(parse.stats()).isEqualTo(new NodeStats("rtp-parse", Node.Kind.FILTER, 3, 2, 1));
        assertThat(out.stats()).isEqualTo(new NodeStats("out", Node.Kind.CONSUMER, 2, 2, 0));
    }

    @Test
    void transformerChangesThePacketInPlaceOrDropsIt() {
        Filter parse = parse();
        Transformer bump = parse.then(new Transformer("bump-seq") {
            @Override
            protected boolean transform(Packet p) {
                if (p.header().sequenceNumber() == 13) {
                    return false;
                }
                p.buffer().setShort(p.buffer().readerIndex() + 2, p.header().sequenceNumber() + 100);
                return p.header().read(p.buffer());
            }
        });
        Capture out = bump.then(new Capture("out"));
        feed(parse, 0, 12);
        feed(parse, 0, 13);
        feed(parse, 0, 14);
        assertThat(out.seqs).containsExactly(112, 114);
        assertThat(bump.stats()).isEqualTo(new NodeStats("bump-seq", Node.Kind.TRANSFORMER, 3, 2, 1));
    }

    @Test
    void observerSeesEveryPacketAndPassesItOnUnchangedEvenWhenSwitchedOff() {
        Filter parse = parse();
        List<Integer> seen = new ArrayList<>();
        Observer tap = parse.then(new Observer("tap") {
            @Override
            protected void observe(Packet p) {
                seen.add(p.header().sequenceNumber());
            }
        });
        Capture out = tap.then(new Capture("out"));
        feed(parse, 0, 1);
        tap.enabled(false);
        feed(parse, 0, 2);
        tap.enabled(true);
        feed(parse, 0, 3);
        assertThat(seen).containsExactly(1, 3);
        assertThat(out.seqs).containsExactly(1, 2, 3);
        assertThat(tap.stats()).isEqualTo(new NodeStats("tap", Node.Kind.OBSERVER, 3, 3, 0));
    }

    @Test
    void demuxerRoutesByPayloadTypeAndDropsWhatNoBranchTakes() {
        Filter parse = parse();
        Demuxer demux = parse.then(new Demuxer("payload-type", "audio", "telephone-event") {
            @Override
            protected int select(Packet p) {
                int pt = p.header().payloadType();
                return pt == 0 ? 0 : pt == 101 ? 1 : -1;
            }
        });
        Capture audio = demux.branch(0, new Capture("audio-out"));
        Capture events = demux.branch(1, new Capture("event-out"));
        feed(parse, 0, 1);
        feed(parse, 101, 2);
        feed(parse, 13, 3); // comfort noise: no branch
        feed(parse, 0, 4);
        assertThat(audio.seqs).containsExactly(1, 4);
        assertThat(events.seqs).containsExactly(2);
        assertThat(demux.stats()).isEqualTo(new NodeStats("payload-type", Node.Kind.DEMUXER, 4, 3, 1));
        assertThat(demux.branchName(1)).isEqualTo("telephone-event");
    }

    @Test
    void consumerCountsWhatItHadNothingToDoWithAsDropped() {
        Consumer sink = new Consumer("sink") {
            @Override
            protected boolean consume(Packet p) {
                return p.header().read(p.buffer()) && p.header().payloadType() == 8;
            }
        };
        feed(sink, 8, 1);
        feed(sink, 0, 2);
        assertThat(sink.stats()).isEqualTo(new NodeStats("sink", Node.Kind.CONSUMER, 2, 1, 1));
    }

    @Test
    void statsOfATreeAreKeyedByBranchInDeclarationOrder() {
        Filter parse = parse();
        Demuxer demux = parse.then(new Demuxer("payload-type", "audio", "telephone-event") {
            @Override
            protected int select(Packet p) {
                return p.header().payloadType() == 0 ? 0 : 1;
            }
        });
        demux.branch(0, new Observer("reception-stats") {
            @Override
            protected void observe(Packet p) {
            }
        }).then(new Capture("audio-out"));
        demux.branch(1, new Capture("event-out"));
        feed(parse, 0, 1);
        feed(parse, 101, 2);
        Map<String, NodeStats> stats = new LinkedHashMap<>();
        parse.collectStats("leg.", stats);
        assertThat(stats).containsOnlyKeys("leg.rtp-parse", "leg.payload-type", "leg.audio.reception-stats",
                "leg.audio.audio-out", "leg.telephone-event.event-out");
        assertThat(stats.keySet()).startsWith("leg.rtp-parse", "leg.payload-type", "leg.audio.reception-stats");
        assertThat(stats.get("leg.audio.audio-out").packetsIn()).isEqualTo(1);
        assertThat(stats.get("leg.telephone-event.event-out").packetsIn()).isEqualTo(1);
    }

    @Test
    void nothingFollowsAConsumerOrADemuxer() {
        Capture sink = new Capture("sink");
        assertThatThrownBy(() -> sink.then(new Capture("more"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theContextDecodesAtMostOncePerPacket() {
        Filter parse = parse();
        int[] decodes = {0};
        Observer decoder = new Observer("decode") {
            @Override
            protected void observe(Packet p) {
                if (!p.isDecoded()) {
                    decodes[0]++;
                    p.pcm()[0] = 42;
                    p.decoded(1);
                }
            }
        };
        parse.then(decoder).then(new Observer("decode-again") {
            @Override
            protected void observe(Packet p) {
                if (!p.isDecoded()) {
                    decodes[0]++;
                }
                assertThat(p.pcm()[0]).isEqualTo((short) 42);
            }
        });
        feed(parse, 0, 1);
        feed(parse, 0, 2);
        assertThat(decodes[0]).isEqualTo(2);
        assertThat(packet.isDecoded()).isFalse();
        assertThat(packet.buffer()).isNull();
    }
}
