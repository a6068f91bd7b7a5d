package org.atende.sip.message;

import java.util.regex.Pattern;

/** Strict request-line and status-line checks (RFC 3261 §7.1, §7.2, §19.1.1). */
final class StartLines {

    static final String SIP_VERSION = "SIP/2.0";
    private static final Pattern VERSION = Pattern.compile("(?i)SIP/\\d+\\.\\d+");

    private StartLines() {
    }

    /**
     * Request-Line = Method SP Request-URI SP SIP-Version, with exactly one SP between the parts.
     *
     * @return the method
     */
    static String expectRequestLine(String line) throws SipParseException {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1 || sp2 == line.length() - 1
                || line.indexOf(' ', sp2 + 1) >= 0 || line.indexOf('\t') >= 0) {
            throw new SipParseException("extra whitespace in request line");
        }
        String method = line.substring(0, sp1);
        String uri = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!VERSION.matcher(version).matches()) {
            throw new SipParseException("invalid SIP version");
        }
        if (!version.equalsIgnoreCase(SIP_VERSION)) {
            throw new SipParseException("SIP version not supported", 505);
        }
        if (!Grammar.isToken(method)) {
            throw new SipParseException("invalid method");
        }
        expectRequestUri(uri);
        return method;
    }

    private static void expectRequestUri(String uri) throws SipParseException {
        if (uri.startsWith("<")) {
            throw new SipParseException("Request-URI enclosed in angle brackets");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"') {
                throw new SipParseException("invalid character in Request-URI");
            }
        }
        if (!Grammar.hasScheme(uri)) {
            throw new SipParseException("invalid Request-URI");
        }
        if (Grammar.sipUriHasHeaders(uri)) {
            throw new SipParseException("headers in Request-URI");
        }
    }

    /** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase, Status-Code 100 to 699. */
    static void expectStatusLine(String line) throws SipParseException {
        if (!line.regionMatches(true, 0, SIP_VERSION + " ", 0, SIP_VERSION.length() + 1)) {
            throw new SipParseException("SIP version not supported", 505);
        }
        int codeStart = SIP_VERSION.length() + 1;
        int codeEnd = line.indexOf(' ', codeStart);
        String code = codeEnd < 0 ? line.substring(codeStart) : line.substring(codeStart, codeEnd);
        if (code.length() != 3 || Grammar.digitsAtMost(code, 699) < 100) {
            throw new SipParseException("invalid status code");
        }
    }
}
