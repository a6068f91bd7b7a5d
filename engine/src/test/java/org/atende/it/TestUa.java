package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small scripted SIP user agent over a real UDP socket on loopback. Messages are written as text, so the
 * tests show exactly what goes on the wire; what arrives is parsed with JAIN-SIP and checked by the test.
 * Retransmissions of a message already received are counted and not handed to the test again.
 */
final class TestUa implements AutoCloseable {

    static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

    private final DatagramSocket socket;
    private final java.net.Socket tcp;
    private final InetSocketAddress server;
    private final BlockingQueue<SIPMessage> inbox = new LinkedBlockingQueue<>();
    private final List<String> received = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final Thread reader;
    private final AtomicInteger counter = new AtomicInteger();
    final String user;
    private volatile boolean closed;

    TestUa(String user, InetSocketAddress server) throws SocketException {
        this(user, server, "127.0.0.1");
    }

    TestUa(String user, InetSocketAddress server, String bindAddress) throws SocketException {
        this(user, server, bindAddress, false);
    }

    /** A phone that talks SIP over one TCP connection to the server. */
    static TestUa overTcp(String user, InetSocketAddress server) throws SocketException {
        return new TestUa(user, server, "127.0.0.1", true);
    }

    private TestUa(String user, InetSocketAddress server, String bindAddress, boolean overTcp) throws SocketException {
        this.user = user;
        this.server = server;
        try {
            if (overTcp) {
                this.socket = null;
                this.tcp = new java.net.Socket();
                tcp.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
                tcp.connect(server, 5000);
                tcp.setTcpNoDelay(true);
            } else {
                this.tcp = null;
                this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
            }
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
        }
        this.reader = new Thread(overTcp ? this::readStream : this::readLoop, "test-ua-" + user);
        reader.setDaemon(true);
        reader.start();
    }

    int port() {
        return tcp != null ? tcp.getLocalPort() : socket.getLocalPort();
    }

    String host() {
        return (tcp != null ? tcp.getLocalAddress() : socket.getLocalAddress()).getHostAddress();
    }

    String contact() {
        return "<sip:" + user + "@" + host() + ":" + port() + (tcp != null ? ";transport=tcp" : "") + ">";
    }

    String newBranch() {
        return "z9hG4bK-" + user + "-" + counter.incrementAndGet() + "-" + System.nanoTime();
    }

    String via(String branch) {
        return via(branch, host() + ":" + port());
    }

    /** A Via naming {@code sentBy} (host:port) instead of this UA's own address: what a phone behind NAT writes. */
    String via(String branch, String sentBy) {
        return "Via: SIP/2.0/" + (tcp != null ? "TCP " : "UDP ") + sentBy + ";branch=" + branch + ";rport\r\n";
    }

    private void readLoop() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            deliver(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        }
    }

    /** Reads SIP messages framed by Content-Length from the TCP connection. */
    private void readStream() {
        try {
            java.io.InputStream in = new java.io.BufferedInputStream(tcp.getInputStream());
            while (!closed) {
                java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
                int matched = 0;
                while (matched < 4) {
                    int c = in.read();
                    if (c < 0) {
                        return;
                    }
                    if (head.size() == 0 && (c == '\r' || c == '\n')) {
                        continue; // keep-alive CRLFs between messages
                    }
                    head.write(c);
                    matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
                }
                String headers = head.toString(StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("(?im)^(?:content-length|l)\\s*:\\s*(\\d+)").matcher(headers);
                int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                byte[] body = in.readNBytes(length);
                byte[] all = new byte[head.size() + body.length];
                System.arraycopy(head.toByteArray(), 0, all, 0, head.size());
                System.arraycopy(body, 0, all, head.size(), body.length);
                deliver(all);
            }
        } catch (IOException e) {
            // connection closed
        }
    }

    private void deliver(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return;
        }
        synchronized (received) {
            received.add(text);
        }
        try {
            SIPMessage message = new StringMsgParser().parseSIPMessage(data, true, false, null);
            String key = message.getFirstLine() + "|" + message.getTopmostVia().getBranch() + "|" + message.getCSeq();
            if (!seen.add(key)) {
                duplicates.incrementAndGet();
                return;
            }
            inbox.add(message);
        } catch (Exception e) {
            inbox.add(new SIPRequest()); // unparseable: a marker the test will trip over
        }
    }

    void send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (tcp != null) {
                synchronized (tcp) {
                    tcp.getOutputStream().write(bytes);
                    tcp.getOutputStream().flush();
                }
                return;
            }
            socket.send(new DatagramPacket(bytes, bytes.length, server));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code message}, filling in Content-Length from the body after the blank line. */
    void sendMessage(String headers, String body) {
        send(headers + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    void sendResponse(SIPRequest request, int status, String reason, String toTag, String extraHeaders, String body) {
        StringBuilder sb = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n");
        for (var via : request.getViaHeaders()) {
            sb.append(((gov.nist.javax.sip.header.Via) via).encode());
        }
        sb.append(((gov.nist.javax.sip.header.SIPHeader) request.getFrom()).encode());
        String to = ((gov.nist.javax.sip.header.SIPHeader) request.getTo()).encode().trim();
        if (toTag != null && request.getToTag() == null) {
            to = to + ";tag=" + toTag;
        }
        sb.append(to).append("\r\n");
        sb.append(((gov.nist.javax.sip.header.SIPHeader) request.getCallId()).encode());
        sb.append(((gov.nist.javax.sip.header.SIPHeader) request.getCSeq()).encode());
        sb.append("Contact: ").append(contact()).append("\r\n");
        if (extraHeaders != null) {
            sb.append(extraHeaders);
        }
        if (body != null && !body.isEmpty()) {
            sb.append("Content-Type: application/sdp\r\n");
        }
        sendMessage(sb.toString(), body == null ? "" : body);
    }

    SIPMessage next(long timeoutMillis) throws InterruptedException {
        return inbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The next request, skipping responses with status 100; fails when it is not {@code method}. */
    SIPRequest expectRequest(String method) throws InterruptedException {
        return expectRequest(method, 5);
    }

    /** As {@link #expectRequest(String)}, waiting up to {@code seconds}. */
    SIPRequest expectRequest(String method, int seconds) throws InterruptedException {
        while (true) {
            SIPMessage message = next(seconds * 1000L);
            if (message == null) {
                fail(user + ": no " + method + " within " + seconds + " s; received so far:\n" + dump());
            }
            if (message instanceof SIPResponse r && r.getStatusCode() == 100) {
                continue;
            }
            assertThat(message).as(user + " expected " + method + "; received so far:\n" + dump()).isInstanceOf(SIPRequest.class);
            assertThat(((SIPRequest) message).getMethod()).as(user + ": request method; received:\n" + dump()).isEqualTo(method);
            return (SIPRequest) message;
        }
    }

    /** The next final or provisional response other than 100; fails when its status differs. */
    SIPResponse expectResponse(int status) throws InterruptedException {
        while (true) {
            SIPMessage message = next(5000);
            if (message == null) {
                fail(user + ": no " + status + " within 5 s; received so far:\n" + dump());
            }
            if (message instanceof SIPResponse r && r.getStatusCode() == 100 && status != 100) {
                continue;
            }
            assertThat(message).as(user + " expected " + status + "; received so far:\n" + dump()).isInstanceOf(SIPResponse.class);
            assertThat(((SIPResponse) message).getStatusCode()).as(user + ": status; received:\n" + dump()).isEqualTo(status);
            return (SIPResponse) message;
        }
    }

    /** Asserts nothing but 100 Trying or retransmissions arrives for {@code millis}. */
    void expectSilence(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            SIPMessage message = next(left);
            if (message != null && !(message instanceof SIPResponse r && r.getStatusCode() == 100)) {
                fail(user + ": expected nothing, got " + message.getFirstLine());
            }
        }
    }

    int duplicates() {
        return duplicates.get();
    }

    String dump() {
        synchronized (received) {
            return String.join("\n-----\n", received);
        }
    }

    // ---- REGISTER with digest ----

    SIPResponse register(String password, int expires) throws InterruptedException {
        return register(password, expires, contact(), host() + ":" + port());
    }

    /**
     * REGISTERs from this UA's socket with the given Contact ({@code <sip:...>}) and Via sent-by ({@code host:port}),
     * which may name another address than the one the REGISTER is sent from.
     */
    SIPResponse register(String password, int expires, String contact, String sentBy) throws InterruptedException {
        String callId = "reg-" + user + "-" + port() + "@test";
        String tag = "t" + user;
        String base = "REGISTER sip:127.0.0.1 SIP/2.0\r\n%s"
                + "From: <sip:" + user + "@127.0.0.1>;tag=" + tag + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: %d REGISTER\r\n"
                + "Contact: " + contact + "\r\n"
                + "Expires: " + expires + "\r\n"
                + "Max-Forwards: 70\r\n%s";
        int cseq = counter.incrementAndGet() * 2;
        sendMessage(String.format(base, via(newBranch(), sentBy), cseq, ""), "");
        SIPResponse challenge = expectResponse(401);
        String authorization = "Authorization: " + digest(challenge.getHeader("WWW-Authenticate").toString(),
                "REGISTER", "sip:127.0.0.1", password) + "\r\n";
        sendMessage(String.format(base, via(newBranch(), sentBy), cseq + 1, authorization), "");
        SIPMessage message = next(5000);
        while (message instanceof SIPResponse r && r.getStatusCode() == 100) {
            message = next(5000);
        }
        return (SIPResponse) message;
    }

    /**
     * Computes a digest Authorization value (RFC 2617, qop=auth) from the first MD5 challenge in
     * {@code challengeHeaders}, written independently of the engine's code.
     */
    String digest(String challengeHeaders, String method, String uri, String password) {
        String md5Challenge = null;
        for (String line : challengeHeaders.split("\r?\n")) {
            if (line.contains("MD5")) {
                md5Challenge = line;
            }
        }
        if (md5Challenge == null) {
            md5Challenge = challengeHeaders;
        }
        String realm = param(md5Challenge, "realm");
        String nonce = param(md5Challenge, "nonce");
        String opaque = param(md5Challenge, "opaque");
        String cnonce = "c" + counter.incrementAndGet();
        String nc = "00000001";
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"" + cnonce + "\", qop=auth, nc=" + nc
                + (opaque == null ? "" : ", opaque=\"" + opaque + "\"");
    }

    static String param(String header, String name) {
        Matcher m = Pattern.compile("[ ,]" + name + "=\"?([^\",]*)\"?").matcher(header);
        return m.find() ? m.group(1) : null;
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (tcp != null) {
                tcp.close();
            } else {
                socket.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
