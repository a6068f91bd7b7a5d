package org.atende.metrics;

import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.atende.sip.transport.SipTransport;
import org.atende.sip.transport.Transport;

/**
 * Binds {@link SipMeters}: the transport's counts (kept by {@link SipTransport}), the requests received by transport
 * and method (counted here, {@link #requestReceived}), and the transactions and bindings sampled on their loops.
 */
public final class SipMetrics extends CatalogBinder {

    /** The {@code method} tag's values: the methods Atende knows, then {@code other} for the rest. */
    public static final List<String> METHODS = List.of("ACK", "BYE", "CANCEL", "INFO", "INVITE", "MESSAGE", "NOTIFY",
            "OPTIONS", "PRACK", "PUBLISH", "REFER", "REGISTER", "SUBSCRIBE", "UPDATE", "other");
    private static final int OTHER = METHODS.size() - 1;

    private final SipTransport transport;
    private final Snapshot<Integer> transactions;
    private final Snapshot<Integer> bindings;
    /** By transport ordinal, then method index; set once by {@link #register}. */
    private volatile Counter[][] requests;

    /**
     * @param transactions samples the live transactions of every shard on its loop
     * @param bindings     samples the registrar's live bindings on its loop
     */
    public SipMetrics(SipTransport transport, Supplier<? extends CompletionStage<Integer>> transactions,
                      Supplier<? extends CompletionStage<Integer>> bindings) {
        this.transport = transport;
        this.transactions = new Snapshot<>(0, transactions);
        this.bindings = new Snapshot<>(0, bindings);
    }

    @Override
    protected void register() {
        functionCounter(SipMeters.MESSAGES_MALFORMED, transport, SipTransport::malformedCount);
        functionCounter(SipMeters.CONNECTION_ERRORS, transport, SipTransport::connectionErrorCount);
        gauge(SipMeters.CONNECTIONS_OPEN, transport, SipTransport::openConnections);
        gauge(SipMeters.TRANSACTIONS_ACTIVE, transactions, Snapshot::latest);
        gauge(SipMeters.REGISTRAR_BINDINGS, bindings, Snapshot::latest);
        Counter[][] byTransport = new Counter[Transport.values().length][METHODS.size()];
        for (Transport t : Transport.values()) {
            for (int m = 0; m < METHODS.size(); m++) {
                byTransport[t.ordinal()][m] = counter(SipMeters.REQUESTS_RECEIVED, t.name().toLowerCase(Locale.ROOT),
                        METHODS.get(m));
            }
        }
        requests = byTransport;
    }

    /** Counts a request handed to a shard. Any thread; allocates nothing. */
    public void requestReceived(Transport transport, String method) {
        Counter[][] byTransport = requests;
        if (byTransport != null) {
            byTransport[transport.ordinal()][methodIndex(method)].increment();
        }
    }

    @Override
    public CompletableFuture<Void> refresh() {
        return CompletableFuture.allOf(transactions.refresh(), bindings.refresh());
    }

    static int methodIndex(String method) {
        return switch (method) {
            case "ACK" -> 0;
            case "BYE" -> 1;
            case "CANCEL" -> 2;
            case "INFO" -> 3;
            case "INVITE" -> 4;
            case "MESSAGE" -> 5;
            case "NOTIFY" -> 6;
            case "OPTIONS" -> 7;
            case "PRACK" -> 8;
            case "PUBLISH" -> 9;
            case "REFER" -> 10;
            case "REGISTER" -> 11;
            case "SUBSCRIBE" -> 12;
            case "UPDATE" -> 13;
            default -> OTHER;
        };
    }
}
