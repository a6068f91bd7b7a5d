package org.atende.sip.registrar;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.SIPDateHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.atende.sip.auth.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's answers: the 200 OK listing the AOR's bindings with their remaining seconds and a Date (RFC
 * 3261 §10.3 step 8), and every other answer with a To tag derived from the request, so that a retransmitted
 * REGISTER gets the same tag. Owner thread only, like the {@link Registrar}.
 */
final class RegistrarResponses {

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);
    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();

    private final Clock clock;
    private long dateSecond = Long.MIN_VALUE;
    private SIPDateHeader cachedDate;

    RegistrarResponses(Clock clock) {
        this.clock = clock;
    }

    SIPResponse ok(SIPRequest register, String user, List<Binding> live) {
        SIPResponse ok = response(register, 200, "OK");
        Instant now = clock.instant();
        for (Binding b : live) {
            StringBuilder value = new StringBuilder("<").append(b.contactUri()).append(">;expires=")
                    .append(b.remainingSeconds(now));
            if (b.q() != 1.0f) {
                value.append(";q=").append(b.q());
            }
            b.instanceId().ifPresent(id -> value.append(";+sip.instance=\"").append(id).append('"'));
            try {
                ok.addHeader(HEADERS.createHeader("Contact", value.toString()));
            } catch (ParseException e) {
                log.warn("Cannot render binding {} of {}: {}", b.contactUri(), user, e.getMessage());
            }
        }
        ok.setHeader(dateHeader());
        return ok;
    }

    /** A Date header for now, built once per second (a Calendar per 200 OK showed in profiles). */
    private SIPDateHeader dateHeader() {
        long second = Math.floorDiv(clock.millis(), 1000);
        if (second != dateSecond) {
            SIPDateHeader date = new SIPDateHeader();
            Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("GMT"), Locale.ROOT);
            calendar.setTimeInMillis(second * 1000);
            date.setDate(calendar);
            dateSecond = second;
            cachedDate = date;
        }
        return (SIPDateHeader) cachedDate.clone();
    }

    SIPResponse response(SIPRequest request, int status, String reason) {
        SIPResponse response = request.createResponse(status, reason);
        if (response.getTo() != null && response.getTo().getTag() == null) {
            try {
                response.getTo().setTag(toTag(request));
            } catch (ParseException e) {
                throw new IllegalStateException("hex tag rejected", e);
            }
        }
        return response;
    }

    /** A To tag derived from the request, so a retransmitted REGISTER gets the same tag. */
    private static String toTag(SIPRequest request) {
        String seed = callId(request) + "|" + request.getFromTag() + "|"
                + (request.getCSeq() == null ? "" : request.getCSeq().getSeqNumber()) + "|registrar";
        byte[] hash = Hashing.digest("SHA-256", seed.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 6);
    }

    private static String callId(SIPRequest request) {
        return request.getCallId() == null ? "?" : request.getCallId().getCallId();
    }
}
