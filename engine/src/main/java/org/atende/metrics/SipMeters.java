package org.atende.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;

/** The SIP layers' meters (transport, transactions, registrar). Bound by {@link SipMetrics}. */
public enum SipMeters implements MeterSpec {

    MESSAGES_MALFORMED("sip.messages.malformed", Meter.Type.COUNTER, "messages",
            "SIP messages refused by the decoder: answered 400 or 505, or dropped"),
    REQUESTS_RECEIVED("sip.requests.received", Meter.Type.COUNTER, "requests",
            "SIP requests decoded and handed to a shard, retransmissions included",
            TagKeys.TRANSPORT, TagKeys.METHOD),
    CONNECTIONS_OPEN("sip.connections.open", Meter.Type.GAUGE, "connections",
            "TCP and TLS connections open now, accepted or opened by Atende"),
    CONNECTION_ERRORS("sip.connections.errors", Meter.Type.COUNTER, "connections",
            "TCP and TLS connections that failed: TLS handshakes, resets"),
    TRANSACTIONS_ACTIVE("sip.transactions.active", Meter.Type.GAUGE, "transactions",
            "Live SIP transactions over every shard, sampled on each shard's event loop"),
    REGISTRAR_BINDINGS("sip.registrar.bindings", Meter.Type.GAUGE, "bindings",
            "Live Contact bindings of registered extensions, sampled on the registrar's loop");

    private final String meterName;
    private final Meter.Type type;
    private final String baseUnit;
    private final String description;
    private final List<String> tagKeys;

    SipMeters(String meterName, Meter.Type type, String baseUnit, String description, String... tagKeys) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    @Override
    public String meterName() {
        return meterName;
    }

    @Override
    public Meter.Type type() {
        return type;
    }

    @Override
    public String baseUnit() {
        return baseUnit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> tagKeys() {
        return tagKeys;
    }
}
