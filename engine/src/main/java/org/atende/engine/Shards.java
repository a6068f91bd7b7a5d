package org.atende.engine;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.atende.call.CallMedia;
import org.atende.call.CallServices;
import org.atende.call.ShardCalls;
import org.atende.config.AtendeConfig;
import org.atende.config.MediaConfig;
import org.atende.media.sdp.Codec;
import org.atende.media.session.MediaClock;
import org.atende.media.session.MediaContext;
import org.atende.media.session.MediaCounters;
import org.atende.media.session.RtpPortPool;
import org.atende.sip.core.SipCore;
import org.atende.sip.registrar.OptionsProbe;
import org.atende.sip.transaction.SipTimers;
import org.atende.sip.transaction.TimerService;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.NettyTransports;
import org.atende.sip.transport.SipTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop shards: one per loop, each with its timers, transaction layer, UAS core ({@link SipCore}), calls
 * ({@link ShardCalls}) and media context; the RTP port pool and media counters they share. A call lives on the
 * shard its Call-ID hashes to ({@link #owner}).
 */
final class Shards {

    private static final Logger log = LoggerFactory.getLogger(Shards.class);

    /** One shard: what lives on {@code loop}. */
    record Shard(int index, EventExecutor loop, TimerService timers, TransactionLayer layer, ShardCalls calls) {
    }

    private final Shard[] shards;
    private final List<LoopLag> lags = new ArrayList<>();
    private final List<EventExecutor> loops = new ArrayList<>();
    private final SipTransport transport;
    private final String domain;
    private final MediaCounters mediaCounters = new MediaCounters();
    private final RtpPortPool rtpPorts;

    /**
     * One shard per loop of {@code group}, its calls served by {@code services}; starts the SRTP warm-up. Runs on
     * the starting thread.
     */
    Shards(AtendeConfig config, Clock clock, NettyTransports netty, EventLoopGroup group, SipTransport transport,
           CallServices services, CallMedia.Recordings recordings) {
        this.transport = transport;
        this.domain = config.server().domain();
        group.forEach(loops::add);
        var t = config.server().timers();
        SipTimers timers = new SipTimers(t.t1(), t.t2(), t.t4());
        this.shards = new Shard[loops.size()];
        Thread srtpWarmUp = new Thread(Shards::preloadSrtp, "atende-srtp-preload");
        srtpWarmUp.setDaemon(true);
        srtpWarmUp.start();
        MediaConfig mediaConfig = config.server().media();
        this.rtpPorts = new RtpPortPool(mediaConfig.rtpPortMin(), mediaConfig.rtpPortMax());
        InetAddress mediaAddress;
        try {
            mediaAddress = InetAddress.getByName(mediaConfig.address());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("media address " + mediaConfig.address() + " is not an IP address", e);
        }
        List<Codec> codecs = mediaConfig.codecs().stream()
                .map(name -> name.equalsIgnoreCase("PCMA") ? Codec.PCMA : Codec.PCMU).toList();
        log.info("media: RTP on {} ports {}-{} ({} calls at most), SDP address {}, codecs {}, RTP timeout {} s",
                mediaConfig.address(), mediaConfig.rtpPortMin(), mediaConfig.rtpPortMax(), rtpPorts.capacity() / 2,
                mediaConfig.advertisedAddress(), String.join(", ", mediaConfig.codecs()), mediaConfig.rtpTimeout().toSeconds());
        for (int i = 0; i < shards.length; i++) {
            EventExecutor loop = loops.get(i);
            TimerService loopTimers = timerService(loop);
            MediaClock mediaClock = new MediaClock(loop);
            MediaContext mediaContext = new MediaContext((EventLoop) loop,
                    netty.datagramChannelFactory(), PooledByteBufAllocator.DEFAULT, rtpPorts,
                    mediaClock, mediaCounters, mediaAddress, mediaConfig.advertisedAddress(), mediaConfig.rtpTimeout());
            ShardCalls calls = new ShardCalls(i, shards.length, loop, loopTimers, clock, services,
                    new ShardCalls.ShardMedia(mediaContext, codecs, recordings, mediaConfig.recordingsDir()));
            SipCore core = new SipCore(loop, services, calls);
            TransactionLayer layer = new TransactionLayer(transport, loopTimers, timers, core, loop);
            calls.attach(layer, core);
            shards[i] = new Shard(i, loop, loopTimers, layer, calls);
            LoopLag lag = new LoopLag(loop);
            lags.add(lag);
            lag.start();
        }
    }

    /** jitsi-srtp's one-time set-up takes seconds: done at start, off the event loops. */
    private static void preloadSrtp() {
        try {
            org.atende.media.srtp.SrtpSession.preload();
        } catch (RuntimeException | LinkageError e) {
            log.warn("SRTP unavailable: {}", e.toString());
        }
    }

    private static TimerService timerService(EventExecutor loop) {
        return (delay, task) -> {
            var future = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }

    int size() {
        return shards.length;
    }

    Shard get(int index) {
        return shards[index];
    }

    /** The shard a message with {@code callId} belongs to. Any thread. */
    Shard owner(String callId) {
        return shards[Math.floorMod(callId.hashCode(), shards.length)];
    }

    /** The shard whose loop is {@code loop}. */
    Shard on(EventExecutor loop) {
        return shards[loops.indexOf(loop)];
    }

    /** A prober sending OPTIONS through shard {@code index}'s transaction layer. */
    OptionsProbe optionsProbe(int index) {
        return new OptionsProbe(shards[index].layer(), OptionsProbe.listenerFor(transport::listenPoint), domain,
                index, shards.length);
    }

    /** Live transactions of every shard, each counted on its own loop. */
    CompletableFuture<Integer> liveTransactions() {
        List<CompletableFuture<Integer>> sizes = new ArrayList<>();
        for (Shard s : shards) {
            sizes.add(CompletableFuture.supplyAsync(s.layer()::size, s.loop()));
        }
        return CompletableFuture.allOf(sizes.toArray(CompletableFuture[]::new))
                .thenApply(done -> sizes.stream().mapToInt(CompletableFuture::join).sum());
    }

    /** Ends every call of every shard, each on its own loop. Any thread; returns at once. */
    void hangupAll(String reason) {
        for (Shard s : shards) {
            s.loop().execute(() -> s.calls().hangupAll(reason));
        }
    }

    /** How late each loop runs what falls due, by loop index. */
    List<LoopLag> lags() {
        return lags;
    }

    /** Stops the lag probes (engine stop). */
    void stopLagProbes() {
        lags.forEach(LoopLag::stop);
    }

    /** Engine-wide media counters. */
    MediaCounters mediaCounters() {
        return mediaCounters;
    }

    RtpPortPool rtpPorts() {
        return rtpPorts;
    }
}
