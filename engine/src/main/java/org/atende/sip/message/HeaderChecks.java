package org.atende.sip.message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict checks on raw header fields that JAIN-SIP's parsers let through (RFC 3261 §7.3, §20, §25;
 * RFC 4475 §3.1.2 and §3.3). Each {@code expectX} throws {@link SipParseException} with a short reason.
 */
final class HeaderChecks {

    static final long MAX_CSEQ = (1L << 31) - 1;
    static final long MAX_DELTA_SECONDS = (1L << 32) - 1;
    static final int MAX_MAX_FORWARDS = 255;

    private static final Pattern RFC1123_DATE = Pattern.compile(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
                    + "\\d{2}:\\d{2}:\\d{2} GMT");
    private static final Pattern LWS = Pattern.compile("[ \\t]+");

    private HeaderChecks() {
    }

    /**
     * Checks every header field of {@code raw}.
     *
     * @param requestMethod the request-line method, or {@code null} for a response
     * @return the body length: the Content-Length value, or everything after the header section if absent
     */
    static int expectValid(RawMessage raw, String requestMethod, int maxMessageSize) throws SipParseException {
        Map<String, String> singles = new HashMap<>();
        List<String> missing = new ArrayList<>(HeaderNames.REQUIRED);
        for (RawMessage.RawHeader header : raw.headers()) {
            String name = header.canonicalName();
            missing.remove(name);
            if (HeaderNames.SINGLE_VALUED.contains(name) && singles.putIfAbsent(name, header.value()) != null) {
                throw new SipParseException("duplicate " + name);
            }
        }
        if (!missing.isEmpty()) {
            throw new SipParseException("missing " + String.join(", ", missing));
        }
        for (RawMessage.RawHeader header : raw.headers()) {
            expectValidValue(header.canonicalName(), header.value(), requestMethod, maxMessageSize);
        }
        String contentLength = singles.get(HeaderNames.CONTENT_LENGTH);
        if (contentLength == null) {
            return raw.availableBodyLength();
        }
        int length = (int) Grammar.digitsAtMost(contentLength, Integer.MAX_VALUE);
        if (length > raw.availableBodyLength()) {
            throw new SipParseException("Content-Length larger than body");
        }
        return length;
    }

    private static void expectValidValue(String name, String value, String requestMethod, int maxMessageSize)
            throws SipParseException {
        switch (name) {
            case HeaderNames.CONTENT_LENGTH -> {
                if (!Grammar.isDigits(value)) {
                    throw new SipParseException("invalid Content-Length");
                }
                if (Grammar.digitsAtMost(value, maxMessageSize) < 0) {
                    throw new SipParseException("Content-Length too large");
                }
            }
            case HeaderNames.CSEQ -> expectCSeq(value, requestMethod);
            case HeaderNames.MAX_FORWARDS -> {
                if (Grammar.digitsAtMost(value, MAX_MAX_FORWARDS) < 0) {
                    throw new SipParseException("Max-Forwards out of range");
                }
            }
            case HeaderNames.EXPIRES, "Min-Expires" -> {
                if (Grammar.digitsAtMost(value, MAX_DELTA_SECONDS) < 0) {
                    throw new SipParseException(name + " out of range");
                }
            }
            case HeaderNames.RETRY_AFTER -> {
                String seconds = value.split("[ \\t;(]", 2)[0];
                if (Grammar.digitsAtMost(seconds, MAX_DELTA_SECONDS) < 0) {
                    throw new SipParseException("Retry-After out of range");
                }
            }
            case HeaderNames.DATE -> {
                if (!RFC1123_DATE.matcher(LWS.matcher(value).replaceAll(" ")).matches()) {
                    throw new SipParseException("invalid Date");
                }
            }
            case HeaderNames.VIA -> expectViaList(value);
            default -> {
                if (HeaderNames.ADDRESS_LISTS.contains(name)) {
                    expectAddressList(name, value);
                } else if (HeaderNames.ADDRESS_SINGLE.contains(name)) {
                    expectAddress(name, value);
                }
            }
        }
    }

    private static void expectCSeq(String value, String requestMethod) throws SipParseException {
        String[] parts = LWS.split(value, -1);
        if (parts.length != 2 || !Grammar.isToken(parts[1]) || !Grammar.isDigits(parts[0])) {
            throw new SipParseException("invalid CSeq");
        }
        if (Grammar.digitsAtMost(parts[0], MAX_CSEQ) < 0) {
            throw new SipParseException("CSeq number out of range");
        }
        if (requestMethod != null && !requestMethod.equals(parts[1])) {
            throw new SipParseException("CSeq method does not match request method");
        }
    }

    private static void expectViaList(String value) throws SipParseException {
        for (String via : Grammar.splitTopLevel(value, ',')) {
            if (via.isBlank()) {
                throw new SipParseException("empty Via value");
            }
            List<String> params = Grammar.splitTopLevel(via, ';');
            for (int i = 1; i < params.size(); i++) {
                expectParam("Via", params.get(i));
            }
        }
    }

    private static void expectAddressList(String name, String value) throws SipParseException {
        if (name.equals(HeaderNames.CONTACT) && value.equals("*")) {
            return;
        }
        for (String element : Grammar.splitTopLevel(value, ',')) {
            if (element.isBlank()) {
                throw new SipParseException("empty " + name + " value");
            }
            expectAddress(name, element.strip());
        }
    }

    /** name-addr / addr-spec followed by parameters (RFC 3261 §20.10, §25.1). */
    static void expectAddress(String name, String value) throws SipParseException {
        Grammar.splitTopLevel(value, ','); // balanced quotes and angle brackets
        int laquot = indexOutsideQuotes(value, '<');
        String params;
        if (laquot >= 0) {
            expectDisplayName(name, value.substring(0, laquot).strip());
            int raquot = value.indexOf('>', laquot);
            if (raquot < 0) {
                throw new SipParseException("unterminated angle bracket in " + name);
            }
            String uri = value.substring(laquot + 1, raquot);
            if (uri.isEmpty() || Grammar.isWhitespace(uri.charAt(0)) || Grammar.isWhitespace(uri.charAt(uri.length() - 1))) {
                throw new SipParseException("whitespace inside angle brackets in " + name);
            }
            expectUri(name, uri);
            params = value.substring(raquot + 1);
            if (!params.isBlank() && params.strip().charAt(0) != ';') {
                throw new SipParseException("characters after angle bracket in " + name);
            }
        } else {
            int semi = value.indexOf(';');
            String uri = (semi < 0 ? value : value.substring(0, semi)).strip();
            if (uri.indexOf('"') >= 0 || uri.indexOf('>') >= 0) {
                throw new SipParseException("invalid address in " + name);
            }
            if (uri.indexOf('?') >= 0 || uri.indexOf(',') >= 0) {
                throw new SipParseException("URI with ? or , not enclosed in angle brackets in " + name);
            }
            expectUri(name, uri);
            params = semi < 0 ? "" : value.substring(semi);
        }
        List<String> segments = Grammar.splitTopLevel(params, ';');
        for (int i = 1; i < segments.size(); i++) {
            expectParam(name, segments.get(i));
        }
    }

    private static void expectUri(String name, String uri) throws SipParseException {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (Grammar.isWhitespace(c)) {
                throw new SipParseException("whitespace in " + name + " URI");
            }
            if (c == '<' || c == '>' || c == '"') {
                throw new SipParseException("invalid character in " + name + " URI");
            }
        }
        if (!Grammar.hasScheme(uri)) {
            throw new SipParseException("invalid URI in " + name);
        }
    }

    /** display-name = *(token LWS) / quoted-string. */
    private static void expectDisplayName(String name, String displayName) throws SipParseException {
        if (displayName.isEmpty()) {
            return;
        }
        if (displayName.charAt(0) == '"') {
            int close = closingQuote(displayName);
            if (close != displayName.length() - 1) {
                throw new SipParseException("invalid display name in " + name);
            }
            return;
        }
        for (String word : LWS.split(displayName)) {
            if (!Grammar.isToken(word)) {
                throw new SipParseException("invalid display name in " + name);
            }
        }
    }

    private static void expectParam(String name, String param) throws SipParseException {
        String p = param.strip();
        if (p.isEmpty()) {
            throw new SipParseException("empty parameter in " + name);
        }
        int eq = p.indexOf('=');
        String paramName = (eq < 0 ? p : p.substring(0, eq)).strip();
        if (!Grammar.isToken(paramName) || (eq >= 0 && p.substring(eq + 1).isBlank())) {
            throw new SipParseException("invalid parameter in " + name);
        }
    }

    /** Whether the parameters of a To or From value include {@code tag} (outside quotes and {@code <>}). */
    static boolean hasTag(String value) {
        try {
            int raquot = indexOutsideQuotes(value, '<') >= 0 ? value.lastIndexOf('>') : -1;
            String params = raquot >= 0 ? value.substring(raquot + 1) : value;
            List<String> segments = Grammar.splitTopLevel(params, ';');
            for (int i = 1; i < segments.size(); i++) {
                String p = segments.get(i).strip();
                int eq = p.indexOf('=');
                if ((eq < 0 ? p : p.substring(0, eq)).strip().equalsIgnoreCase("tag")) {
                    return true;
                }
            }
            return false;
        } catch (SipParseException e) {
            return false;
        }
    }

    private static int indexOutsideQuotes(String value, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the quote closing the quoted string that starts at index 0, or -1. */
    private static int closingQuote(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }
}
