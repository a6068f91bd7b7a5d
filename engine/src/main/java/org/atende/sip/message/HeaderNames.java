package org.atende.sip.message;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Canonical header names, compact forms (RFC 3261 §7.3.3 and extensions) and name classes. */
final class HeaderNames {

    static final String VIA = "Via";
    static final String FROM = "From";
    static final String TO = "To";
    static final String CALL_ID = "Call-ID";
    static final String CSEQ = "CSeq";
    static final String MAX_FORWARDS = "Max-Forwards";
    static final String CONTENT_LENGTH = "Content-Length";
    static final String CONTENT_TYPE = "Content-Type";
    static final String CONTACT = "Contact";
    static final String EXPIRES = "Expires";
    static final String DATE = "Date";
    static final String RETRY_AFTER = "Retry-After";

    /** Headers every request and response carries (Max-Forwards is not required: RFC 2543 peers omit it). */
    static final Set<String> REQUIRED = orderedSet(TO, FROM, CALL_ID, CSEQ, VIA);

    /** Headers that may appear at most once (RFC 3261 §7.3.1: not a comma-separated list). */
    static final Set<String> SINGLE_VALUED = Set.of(TO, FROM, CALL_ID, CSEQ, MAX_FORWARDS, CONTENT_LENGTH,
            CONTENT_TYPE, EXPIRES, DATE, RETRY_AFTER, "Min-Expires", "MIME-Version", "Content-Disposition",
            "Reply-To", "Timestamp", "Subject", "Organization", "Priority", "Server", "User-Agent");

    /** Headers whose value is a name-addr or addr-spec with parameters (possibly a list). */
    static final Set<String> ADDRESS_LISTS = Set.of(CONTACT, "Route", "Record-Route", "Path", "Service-Route",
            "P-Asserted-Identity", "P-Preferred-Identity");
    static final Set<String> ADDRESS_SINGLE = Set.of(FROM, TO, "Reply-To", "Refer-To", "Referred-By");

    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("i", CALL_ID), Map.entry("call-id", CALL_ID),
            Map.entry("m", CONTACT), Map.entry("contact", CONTACT),
            Map.entry("e", "Content-Encoding"), Map.entry("content-encoding", "Content-Encoding"),
            Map.entry("l", CONTENT_LENGTH), Map.entry("content-length", CONTENT_LENGTH),
            Map.entry("c", CONTENT_TYPE), Map.entry("content-type", CONTENT_TYPE),
            Map.entry("f", FROM), Map.entry("from", FROM),
            Map.entry("s", "Subject"), Map.entry("subject", "Subject"),
            Map.entry("k", "Supported"), Map.entry("supported", "Supported"),
            Map.entry("t", TO), Map.entry("to", TO),
            Map.entry("v", VIA), Map.entry("via", VIA),
            Map.entry("o", "Event"), Map.entry("event", "Event"),
            Map.entry("r", "Refer-To"), Map.entry("refer-to", "Refer-To"),
            Map.entry("b", "Referred-By"), Map.entry("referred-by", "Referred-By"),
            Map.entry("u", "Allow-Events"), Map.entry("allow-events", "Allow-Events"),
            Map.entry("x", "Session-Expires"), Map.entry("session-expires", "Session-Expires"),
            Map.entry("cseq", CSEQ), Map.entry("max-forwards", MAX_FORWARDS),
            Map.entry("expires", EXPIRES), Map.entry("date", DATE), Map.entry("retry-after", RETRY_AFTER),
            Map.entry("min-expires", "Min-Expires"), Map.entry("mime-version", "MIME-Version"),
            Map.entry("content-disposition", "Content-Disposition"), Map.entry("reply-to", "Reply-To"),
            Map.entry("timestamp", "Timestamp"), Map.entry("organization", "Organization"),
            Map.entry("priority", "Priority"), Map.entry("server", "Server"), Map.entry("user-agent", "User-Agent"),
            Map.entry("route", "Route"), Map.entry("record-route", "Record-Route"), Map.entry("path", "Path"),
            Map.entry("service-route", "Service-Route"), Map.entry("p-asserted-identity", "P-Asserted-Identity"),
            Map.entry("p-preferred-identity", "P-Preferred-Identity"), Map.entry("require", "Require"),
            Map.entry("accept", "Accept"), Map.entry("allow", "Allow"), Map.entry("unsupported", "Unsupported"));

    private HeaderNames() {
    }

    /** The long, conventionally capitalised form of a known header name; unknown names are returned as given. */
    static String canonical(String name) {
        String exact = AS_SENT_CANONICAL.get(name);
        return exact != null ? exact : CANONICAL.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    /** Every long form mapped to itself: most peers write names that way, found without lower-casing. */
    private static final Map<String, String> AS_SENT_CANONICAL = selfMapped();

    private static Map<String, String> selfMapped() {
        Map<String, String> self = new java.util.HashMap<>();
        for (String longForm : CANONICAL.values()) {
            self.put(longForm, longForm);
        }
        return Map.copyOf(self);
    }

    private static Set<String> orderedSet(String... names) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(java.util.List.of(names)));
    }
}
