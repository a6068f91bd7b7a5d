package org.atende.sip.message;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ExtensionHeaderImpl;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPDuplicateHeaderException;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.AllowParser;
import gov.nist.javax.sip.parser.CSeqParser;
import gov.nist.javax.sip.parser.CallIDParser;
import gov.nist.javax.sip.parser.ContactParser;
import gov.nist.javax.sip.parser.ContentLengthParser;
import gov.nist.javax.sip.parser.ContentTypeParser;
import gov.nist.javax.sip.parser.ExpiresParser;
import gov.nist.javax.sip.parser.FromParser;
import gov.nist.javax.sip.parser.HeaderParser;
import gov.nist.javax.sip.parser.MaxForwardsParser;
import gov.nist.javax.sip.parser.ParserFactory;
import gov.nist.javax.sip.parser.RecordRouteParser;
import gov.nist.javax.sip.parser.RouteParser;
import gov.nist.javax.sip.parser.SupportedParser;
import gov.nist.javax.sip.parser.ToParser;
import gov.nist.javax.sip.parser.ViaParser;
import gov.nist.javax.sip.parser.RequestLineParser;
import gov.nist.javax.sip.parser.StatusLineParser;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Parses one UDP datagram or one framed stream message into a fully validated JAIN-SIP message.
 *
 * <p>JAIN-SIP's own message parser is lenient, so this class scans the octets itself (start line,
 * unfolded header fields, body by Content-Length), applies the strict checks of RFC 3261 and RFC 4475
 * ({@link StartLines}, {@link HeaderChecks}), then builds the message header by header with JAIN-SIP's
 * header parsers, refusing any header field they reject, and finally checks the assembled message.
 *
 * <p>Rules worth knowing:
 * <ul>
 *   <li>Without Content-Length the body is the rest of the datagram (RFC 3261 §18.3); octets beyond
 *       Content-Length are ignored; a Content-Length larger than what arrived is an error.</li>
 *   <li>Max-Forwards is not required (RFC 2543 peers omit it); To, From, Call-ID, CSeq and Via are.</li>
 *   <li>A response with more than one Via is dropped: Atende is a user agent and B2BUA, never a proxy, so
 *       a response meant for it carries exactly its own Via (RFC 3261 §8.1.3.3). This is the rule that
 *       drops RFC 4475's {@code bcast}.</li>
 *   <li>A REGISTER whose Contact URI carries headers is refused (RFC 4475 §3.3.14).</li>
 *   <li>A datagram whose header section ends without the empty line is accepted with an empty body.</li>
 * </ul>
 *
 * <p>Thread-safe: an instance holds only its immutable limits, and every call uses fresh JAIN-SIP
 * parser objects, so one instance can be shared by all event loops.
 */
public final class SipParser {

    public static final int DEFAULT_MAX_HEADER_COUNT = 256;
    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;

    /**
     * JAIN-SIP's parsers for the headers nearly every message carries, by canonical name, made directly rather than
     * by {@link ParserFactory}'s reflective look-up (a few per cent of a REGISTER's cost); the same classes the
     * factory would pick.
     */
    private static final Map<String, Function<String, HeaderParser>> COMMON_PARSERS = Map.ofEntries(
            Map.entry("Via", ViaParser::new), Map.entry("From", FromParser::new), Map.entry("To", ToParser::new),
            Map.entry("Call-ID", CallIDParser::new), Map.entry("CSeq", CSeqParser::new),
            Map.entry("Contact", ContactParser::new), Map.entry("Max-Forwards", MaxForwardsParser::new),
            Map.entry("Content-Length", ContentLengthParser::new), Map.entry("Content-Type", ContentTypeParser::new),
            Map.entry("Expires", ExpiresParser::new), Map.entry("Allow", AllowParser::new),
            Map.entry("Supported", SupportedParser::new), Map.entry("Route", RouteParser::new),
            Map.entry("Record-Route", RecordRouteParser::new));

    /**
     * Headers kept as their checked text ({@link HeaderChecks} has passed them) instead of JAIN-SIP's objects,
     * because Atende only ever reads their value: credentials, which {@code AuthParams} parses itself, and the
     * peer's product token. JAIN-SIP's parsers for them were a sixth of the parsing time of an authenticated
     * REGISTER.
     */
    private static final java.util.Set<String> RAW_HEADERS = java.util.Set.of("Authorization", "Proxy-Authorization",
            "User-Agent", "Server");

    private final int maxMessageSize;
    private final int maxHeaderCount;
    private final int maxLineLength;
    private final RawScanner scanner;

    /** A parser with the default header-count and line-length limits. */
    public SipParser(int maxMessageSize) {
        this(maxMessageSize, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_LINE_LENGTH);
    }

    /**
     * @param maxMessageSize largest accepted message, start line to end of body, in octets
     * @param maxHeaderCount largest number of header fields
     * @param maxLineLength  longest header field after unfolding, in characters
     */
    public SipParser(int maxMessageSize, int maxHeaderCount, int maxLineLength) {
        if (maxMessageSize <= 0 || maxHeaderCount <= 0 || maxLineLength <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxMessageSize = maxMessageSize;
        this.maxHeaderCount = maxHeaderCount;
        this.maxLineLength = maxLineLength;
        this.scanner = new RawScanner(maxHeaderCount, maxLineLength);
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Parses the whole array. */
    public ParseOutcome parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /**
     * Parses {@code data[offset, offset + length)}: one datagram or one framed message. Never throws
     * for any content; only a null array or a range outside it (programmer errors) throw.
     */
    public ParseOutcome parse(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > maxMessageSize) {
            return malformed(data, offset, maxMessageSize, "message too large", 513);
        }
        try {
            return new ParseOutcome.Parsed(build(scanner.scan(data, offset, length)));
        } catch (SipParseException e) {
            return malformed(data, offset, length, e.reason(), e.status());
        } catch (RuntimeException | StackOverflowError e) {
            // JAIN-SIP parsers throw unchecked exceptions on some inputs; remote garbage is data.
            return malformed(data, offset, length, "unparseable message", 400);
        }
    }

    private SIPMessage build(RawMessage raw) throws SipParseException {
        SIPMessage message;
        String method = null;
        if (raw.isResponse()) {
            StartLines.expectStatusLine(raw.startLine());
            SIPResponse response = new SIPResponse();
            try {
                response.setStatusLine(new StatusLineParser(raw.startLine() + "\n").parse());
            } catch (ParseException e) {
                throw new SipParseException("invalid status line");
            }
            message = response;
        } else {
            method = StartLines.expectRequestLine(raw.startLine());
            SIPRequest request = new SIPRequest();
            try {
                request.setRequestLine(new RequestLineParser(raw.startLine() + "\n").parse());
            } catch (ParseException e) {
                throw new SipParseException("invalid request line");
            }
            message = request;
        }
        int bodyLength = HeaderChecks.expectValid(raw, method, maxMessageSize);
        for (RawMessage.RawHeader header : raw.headers()) {
            attachHeader(message, expectHeader(header));
        }
        if (bodyLength > 0) {
            message.setMessageContent(Arrays.copyOfRange(raw.data(), raw.bodyOffset(), raw.bodyOffset() + bodyLength));
        }
        expectConsistent(message, method);
        return message;
    }

    private static SIPHeader expectHeader(RawMessage.RawHeader header) throws SipParseException {
        try {
            // Unknown names are their own canonical form; known ones are passed in long form.
            if (RAW_HEADERS.contains(header.canonicalName())) {
                ExtensionHeaderImpl raw = new ExtensionHeaderImpl(header.canonicalName());
                raw.setValue(header.value());
                return raw;
            }
            String line = header.line() + "\n";
            Function<String, HeaderParser> common = COMMON_PARSERS.get(header.canonicalName());
            return (common != null ? common.apply(line) : ParserFactory.createParser(line)).parse();
        } catch (ParseException e) {
            throw new SipParseException("bad " + RawScanner.printable(header.canonicalName()) + " header");
        }
    }

    private static void attachHeader(SIPMessage message, SIPHeader header) throws SipParseException {
        try {
            message.attachHeader(header, false, false);
        } catch (SIPDuplicateHeaderException e) {
            throw new SipParseException("duplicate " + RawScanner.printable(header.getHeaderName()));
        }
    }

    private static void expectConsistent(SIPMessage message, String method) throws SipParseException {
        if (message instanceof SIPResponse) {
            if (message.getViaHeaders().size() > 1) {
                throw new SipParseException("response with more than one Via");
            }
            return;
        }
        if ("REGISTER".equals(method) && message.getContactHeaders() != null) {
            for (Contact contact : message.getContactHeaders()) {
                if (contact.getAddress() != null
                        && contact.getAddress().getURI() instanceof SipUri uri
                        && Grammar.sipUriHasHeaders(uri.toString())) {
                    throw new SipParseException("headers in REGISTER Contact URI");
                }
            }
        }
    }

    private MalformedSipMessage malformed(byte[] data, int offset, int length, String reason, int status) {
        EchoHeaders.Extract extract;
        try {
            extract = EchoHeaders.extract(data, offset, length, maxHeaderCount, maxLineLength);
        } catch (RuntimeException e) {
            extract = new EchoHeaders.Extract(false, List.of());
        }
        return new MalformedSipMessage(reason, extract.request(), status, extract.lines());
    }
}
