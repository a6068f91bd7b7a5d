package org.atende.engine;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.concurrent.Executor;
import org.atende.metrics.SipMetrics;
import org.atende.security.SourceGate;
import org.atende.sip.transport.InboundMessage;
import org.atende.sip.transport.SipMessageSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each decoded message to the shard that owns its Call-ID, counting requests, putting each through the
 * {@link SourceGate} (bans, rate limits) before any transaction exists for it and marking where each really came
 * from; datagrams are parsed on that shard's loop already ({@link #parserFor}), so the hand-off is mostly none.
 * Drops everything until {@link #open opened}, once the engine is wired. Runs on the loop that parsed the message.
 */
final class Dispatcher implements SipMessageSink {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** Written before {@link #shards}, whose volatile write publishes it. */
    private SipMetrics sipMetrics;
    /** Written before {@link #shards}, whose volatile write publishes it. */
    private SourceGate gate;
    /** Null until open. */
    private volatile Shards shards;

    /**
     * From now on messages go to {@code shards}, requests counted in {@code sipMetrics} once {@code gate} let them
     * through.
     */
    void open(Shards shards, SipMetrics sipMetrics, SourceGate gate) {
        this.sipMetrics = sipMetrics;
        this.gate = gate;
        this.shards = shards;
    }

    @Override
    public void onMessage(InboundMessage inbound) {
        Shards open = shards;
        if (open == null) {
            return;
        }
        SIPMessage message = inbound.message();
        Shards.Shard shard = open.owner(message.getCallId().getCallId());
        if (message instanceof SIPRequest request) {
            sipMetrics.requestReceived(inbound.source().transport(), request.getMethod());
            markReceived(request, inbound.source().address());
            onShard(shard, () -> {
                // on the shard's loop, where a retransmission can be told from a new request (the layer's table)
                SourceGate.Verdict verdict = gate.check(request, inbound.source().address().getAddress(),
                        shard.layer().isRetransmission(request));
                if (verdict == SourceGate.Pass.PASS) {
                    shard.layer().onRequest(request, inbound.source());
                } else if (verdict instanceof SourceGate.Answer answer) {
                    shard.layer().sendStateless(answer.response(), inbound.source());
                }
            });
        } else if (message instanceof SIPResponse response) {
            onShard(shard, () -> shard.layer().onResponse(response, inbound.source()));
        }
    }

    /**
     * Datagrams are parsed on the loop of the shard their Call-ID names, so the hand-off is mostly none. Before
     * {@link #open} (when what arrives is dropped anyway): null, the loop that received it.
     */
    @Override
    public Executor parserFor(String callId) {
        Shards open = shards;
        return open == null ? null : open.owner(callId).loop();
    }

    private static void onShard(Shards.Shard shard, Runnable task) {
        if (shard.loop().inEventLoop()) {
            task.run();
        } else {
            shard.loop().execute(task);
        }
    }

    /** RFC 3261 §18.2.1 received, RFC 3581 rport: record where the request really came from. */
    private static void markReceived(SIPRequest request, InetSocketAddress source) {
        Via via = request.getTopmostVia();
        if (via == null) {
            return;
        }
        try {
            String ip = source.getAddress().getHostAddress();
            boolean rport = via.hasParameter("rport");
            if (rport) {
                via.setParameter("rport", Integer.toString(source.getPort()));
            }
            if (rport || !ip.equals(via.getHost())) {
                via.setReceived(ip);
            }
        } catch (ParseException e) {
            log.debug("cannot mark Via of request from {}: {}", source, e.getMessage());
        }
    }
}
