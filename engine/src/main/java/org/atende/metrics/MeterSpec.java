package org.atende.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;

/**
 * One entry of a meter catalogue ({@link SipMeters}, {@link MediaMeters}, {@link AcdMeters}, {@link EngineMeters}):
 * everything a dashboard or the Prometheus endpoint needs to know about a meter, written once. Binders register
 * meters only through {@link CatalogBinder}, which takes name, description, base unit and tag keys from here.
 *
 * <p>Names are dotted lower case ({@code sip.messages.malformed}); the registry renders them for its backend
 * (Prometheus: {@code sip_messages_malformed_total}). Tag keys name bounded sets only (transport, method, queue),
 * never Call-IDs, URIs or numbers.
 */
public interface MeterSpec {

    /** The dotted meter name. */
    String meterName();

    /** Counter, gauge, timer or distribution summary. */
    Meter.Type type();

    /** The base unit ({@code messages}, {@code packets}, {@code seconds}…). */
    String baseUnit();

    /** One sentence for the meter's HELP line. */
    String description();

    /** The tag keys every meter of this name carries, in order; empty for none. */
    List<String> tagKeys();
}
