package org.atende.sip.registrar;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ClientTransaction;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.Transport;

/**
 * Sends one OPTIONS outside any dialog (RFC 3261 §11) through a shard's {@link TransactionLayer}, in a non-INVITE
 * client transaction, and tells whether it was answered: any final response is an answer; Timer F or a transport
 * error is not. Each OPTIONS has its own Call-ID, chosen to hash to the shard, so that its responses come back to
 * the shard's loop. Not thread-safe: {@link #send} and its callback run on that loop.
 */
public final class OptionsProbe {

    /** What became of one OPTIONS. */
    public record Outcome(boolean answered, String why) {
    }

    private final TransactionLayer layer;
    private final Function<Endpoint, ListenPoint> listenPoints;
    private final String domain;
    private final int shard;
    private final int shards;

    /**
     * @param layer        the transaction layer of the shard whose loop calls {@link #send}
     * @param listenPoints the listener a request to a peer leaves from (Via and Contact name it)
     * @param shard        that shard's index, of {@code shards}
     */
    public OptionsProbe(TransactionLayer layer, Function<Endpoint, ListenPoint> listenPoints, String domain, int shard,
                 int shards) {
        this.layer = layer;
        this.listenPoints = listenPoints;
        this.domain = domain;
        this.shard = shard;
        this.shards = shards;
    }

    /**
     * Sends an OPTIONS for {@code requestUri} to {@code destination}; {@code then} runs once, on the shard's loop,
     * with the outcome (at the latest after Timer F).
     */
    public void send(String requestUri, Endpoint destination, Consumer<Outcome> then) {
        SIPRequest options;
        try {
            ListenPoint local = listenPoints.apply(destination);
            Address from = SipBuilder.ADDRESSES.createAddress(SipBuilder.sipUri("atende", domain));
            Address to = SipBuilder.ADDRESSES.createAddress(SipBuilder.ADDRESSES.createURI(requestUri));
            options = (SIPRequest) SipBuilder.MESSAGES.createRequest(SipBuilder.ADDRESSES.createURI(requestUri),
                    SIPRequest.OPTIONS, SipBuilder.HEADERS.createCallIdHeader(SipBuilder.newCallId(domain, shard, shards)),
                    SipBuilder.HEADERS.createCSeqHeader(1L, SIPRequest.OPTIONS),
                    SipBuilder.HEADERS.createFromHeader(from, SipBuilder.newTag()),
                    SipBuilder.HEADERS.createToHeader(to, null), List.of(SipBuilder.via(local)),
                    SipBuilder.HEADERS.createMaxForwardsHeader(70));
            options.setHeader(SipBuilder.contact("atende", local));
            options.setHeader(SipBuilder.HEADERS.createUserAgentHeader(List.of(SipBuilder.USER_AGENT)));
            options.setHeader(SipBuilder.HEADERS.createAcceptHeader("application", "sdp"));
        } catch (ParseException | InvalidArgumentException | IllegalArgumentException e) {
            then.accept(new Outcome(false, "cannot build an OPTIONS for " + requestUri + ": " + e.getMessage()));
            return;
        }
        layer.sendRequest(options, destination, new ClientTransaction.Listener() {
            private boolean done;

            @Override
            public void onResponse(ClientTransaction tx, SIPResponse response) {
                if (response.getStatusCode() >= 200 && !done) {
                    done = true;
                    then.accept(new Outcome(true, "answered " + response.getStatusCode()));
                }
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                if (!done) {
                    done = true;
                    then.accept(new Outcome(false, "no answer to OPTIONS from " + destination));
                }
            }

            @Override
            public void onTransportError(ClientTransaction tx, Throwable cause) {
                if (!done) {
                    done = true;
                    then.accept(new Outcome(false, "cannot send OPTIONS to " + destination + ": " + cause.getMessage()));
                }
            }
        });
    }

    /** The listener that talks to {@code peer}: the one its messages arrive on, else the first of its transport. */
    public static Function<Endpoint, ListenPoint> listenerFor(Function<Transport, ListenPoint> byTransport) {
        return peer -> peer.local() != null && peer.local().transport() == peer.transport() ? peer.local()
                : byTransport.apply(peer.transport());
    }
}
