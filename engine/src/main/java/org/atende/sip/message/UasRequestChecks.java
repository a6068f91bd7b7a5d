package org.atende.sip.message;

import gov.nist.javax.sip.header.ContentType;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import javax.sip.header.AcceptHeader;
import javax.sip.header.Header;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;

/**
 * The checks a UAS makes on a well-formed request before processing it (RFC 3261 §8.2), in the RFC's
 * order: method (501 with Allow), Request-URI scheme (416), Require (420 with Unsupported), body type
 * (415 with Accept) and, for INVITE, Accept (406: its answer will carry SDP). OPTIONS is answered with a body-less
 * 200, which any Accept admits, so monitoring tools that send {@code Accept: text/plain} (sipsak, Nagios checks) get
 * 200. ACK is never answered. Stateless; thread-safe.
 */
public final class UasRequestChecks {

    public static final String SDP = "application/sdp";
    private static final Set<String> URI_SCHEMES = Set.of("sip", "sips", "tel");

    private final Set<String> allowedMethods;
    private final List<String> allowList;
    private final Set<String> supportedOptionTags;

    /**
     * @param allowedMethods      methods this UAS implements, listed in the Allow header of a 501 in the
     *                            set's iteration order
     * @param supportedOptionTags option tags this UAS supports in Require
     */
    public UasRequestChecks(Set<String> allowedMethods, Set<String> supportedOptionTags) {
        this.allowList = List.copyOf(new LinkedHashSet<>(allowedMethods));
        this.allowedMethods = Set.copyOf(allowList);
        this.supportedOptionTags = Set.copyOf(supportedOptionTags);
    }

    /** The error response to send instead of processing the request, or empty to go ahead. */
    public Optional<SIPResponse> check(SIPRequest request) {
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return Optional.empty();
        }
        if (!allowedMethods.contains(method)) {
            SIPResponse response = respond(request, 501);
            for (String allowed : allowList) {
                response.addHeader(create(() -> SipMessages.headerFactory().createAllowHeader(allowed)));
            }
            return Optional.of(response);
        }
        String scheme = request.getRequestURI().getScheme().toLowerCase(Locale.ROOT);
        if (!URI_SCHEMES.contains(scheme)) {
            return Optional.of(respond(request, 416));
        }
        if (!Request.CANCEL.equals(method)) {
            List<String> unsupported = unsupportedRequirements(request);
            if (!unsupported.isEmpty()) {
                SIPResponse response = respond(request, 420);
                for (String tag : unsupported) {
                    response.addHeader(create(() -> SipMessages.headerFactory().createUnsupportedHeader(tag)));
                }
                return Optional.of(response);
            }
        }
        byte[] body = request.getRawContent();
        // INFO bodies (dtmf-relay, application-specific payloads) belong to the parties: relayed as they are
        if (body != null && body.length > 0 && !"INFO".equals(method) && !isSdp(request.getContentTypeHeader())) {
            SIPResponse response = respond(request, 415);
            response.addHeader(create(() -> SipMessages.headerFactory().createAcceptHeader("application", "sdp")));
            return Optional.of(response);
        }
        if (Request.INVITE.equals(method) && acceptExcludesSdp(request)) {
            return Optional.of(respond(request, 406));
        }
        return Optional.empty();
    }

    private List<String> unsupportedRequirements(SIPRequest request) {
        List<String> unsupported = new ArrayList<>();
        for (Iterator<?> it = request.getHeaders(RequireHeader.NAME); it.hasNext(); ) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !supportedOptionTags.contains(tag) && !unsupported.contains(tag)) {
                unsupported.add(tag);
            }
        }
        return unsupported;
    }

    private static boolean isSdp(ContentType contentType) {
        return contentType != null
                && "application".equalsIgnoreCase(contentType.getContentType())
                && "sdp".equalsIgnoreCase(contentType.getContentSubType());
    }

    /** Whether Accept is present with media ranges, none of which admits application/sdp with q > 0. */
    private static boolean acceptExcludesSdp(SIPRequest request) {
        boolean anyRange = false;
        for (Iterator<?> it = request.getHeaders(AcceptHeader.NAME); it.hasNext(); ) {
            AcceptHeader accept = (AcceptHeader) it.next();
            String type = accept.getContentType();
            String subType = accept.getContentSubType();
            if (type == null || type.isBlank()) {
                continue;
            }
            anyRange = true;
            boolean typeMatches = type.equals("*") || type.equalsIgnoreCase("application");
            boolean subTypeMatches = subType == null || subType.equals("*") || subType.equalsIgnoreCase("sdp");
            if (typeMatches && subTypeMatches && accept.getQValue() != 0f) {
                return false;
            }
        }
        return anyRange;
    }

    /**
     * {@code request.createResponse(status)}, which copies Via, From, To, Call-ID and CSeq, plus a To tag
     * when the request has none (RFC 3261 §8.2.6.2). The tag is derived from the request, so a
     * retransmission is answered identically.
     */
    static SIPResponse respond(SIPRequest request, int status) {
        SIPResponse response = request.createResponse(status);
        if (response.getTo() != null && response.getToTag() == null) {
            response.setToTag(derivedTag(request));
        }
        return response;
    }

    private static String derivedTag(SIPRequest request) {
        CRC32 crc = new CRC32();
        String key = (request.getCallId() == null ? "" : request.getCallId().getCallId())
                + '|' + request.getFromTag()
                + '|' + (request.getTopmostVia() == null ? "" : request.getTopmostVia().getBranch())
                + '|' + (request.getCSeq() == null ? "" : request.getCSeq().getSeqNumber());
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return "atd" + Long.toHexString(crc.getValue());
    }

    private interface HeaderMaker {
        Header make() throws ParseException;
    }

    private static Header create(HeaderMaker maker) {
        try {
            return maker.make();
        } catch (ParseException e) {
            throw new IllegalStateException("constant header rejected by JAIN-SIP", e);
        }
    }
}
