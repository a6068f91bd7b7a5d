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
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.atende.sip.transport.Transport;

/**
 * A small scripted SIP user agent over a real UDP socket, TCP or TLS connection on loopback. Messages are written as text, so the
 * tests show exactly what goes on the wire; what arrives is parsed with JAIN-SIP and checked by the test.
 * Retransmissions of a message already received are counted and not handed to the test again.
 */
final class TestUa implements AutoCloseable {

    static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

    private final Transport kind;
    private final DatagramSocket socket;
    private final ServerSocket listener;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile Socket current;
    private final AtomicInteger accepted = new AtomicInteger();
    private final InetSocketAddress server;
    private final String bindAddress;
    private final BlockingQueue<SIPMessage> inbox = new LinkedBlockingQueue<>();
    private final List<String> received = new ArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    final String user;
    private volatile boolean closed;

    /** What becomes of OPTIONS this UA receives (Atende's qualify). */
    enum Options {
        /** Handed to the test like any request (the default). */
        DELIVER,
        /** Answered 200 at once by the reading thread, not handed to the test. */
        ANSWER,
        /** Dropped: a phone that no longer answers. */
        IGNORE
    }

    private volatile Options options = Options.DELIVER;
    /** OPTIONS received (not counting retransmissions); guarded by itself for {@link #awaitOptions}. */
    private final int[] optionsReceived = new int[1];

    TestUa(String user, InetSocketAddress server) throws SocketException {
        this(user, server, "127.0.0.1");
    }

    TestUa(String user, InetSocketAddress server, String bindAddress) throws SocketException {
        this(Transport.UDP, user, server, bindAddress, false);
    }

    /** A phone that talks SIP over one TCP connection to the server. */
    static TestUa overTcp(String user, InetSocketAddress server) throws SocketException {
        return new TestUa(Transport.TCP, user, server, "127.0.0.1", false);
    }

    /**
     * A phone (or carrier) on {@code kind}. Over TCP and TLS a {@code listening} one accepts connections on its own
     * port, which its Via and Contact name, and sends over the connection last opened or accepted (opening one to
     * {@code server} when there is none); one not listening talks over the one connection it opens to the server.
     */
    static TestUa over(Transport kind, String user, InetSocketAddress server, boolean listening) throws SocketException {
        return new TestUa(kind, user, server, "127.0.0.1", listening);
    }

    /** A TLS peer listening with the test certificate {@code certificate} ("server" or "wronghost"). */
    static TestUa listeningTls(String user, InetSocketAddress server, String certificate) throws SocketException {
        return new TestUa(Transport.TLS, user, server, "127.0.0.1", true, certificate);
    }

    private TestUa(Transport kind, String user, InetSocketAddress server, String bindAddress, boolean listening)
            throws SocketException {
        this(kind, user, server, bindAddress, listening, "server");
    }

    private TestUa(Transport kind, String user, InetSocketAddress server, String bindAddress, boolean listening,
                   String certificate) throws SocketException {
        this.kind = kind;
        this.user = user;
        this.server = server;
        this.bindAddress = bindAddress;
        try {
            if (kind == Transport.UDP) {
                this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
                this.listener = null;
                start(this::readLoop);
            } else {
                this.socket = null;
                this.listener = listening ? serverSocket(bindAddress, certificate) : null;
                if (listening) {
                    start(this::acceptLoop);
                } else {
                    connect();
                }
            }
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
        }
    }

    private ServerSocket serverSocket(String address, String certificate) throws IOException {
        ServerSocket ss = kind == Transport.TLS ? TestTls.server(certificate).getServerSocketFactory().createServerSocket()
                : new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return ss;
    }

    /** Opens a new connection to the server; sends go over it from now on. */
    Socket connect() throws IOException {
        Socket s = kind == Transport.TLS ? TestTls.client().getSocketFactory().createSocket() : new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
        s.connect(server, 5000);
        s.setTcpNoDelay(true);
        if (s instanceof SSLSocket tls) {
            tls.startHandshake();
        }
        adopt(s);
        return s;
    }

    private void adopt(Socket s) {
        connections.add(s);
        current = s;
        start(() -> readStream(s));
    }

    private void start(Runnable loop) {
        Thread t = new Thread(loop, "test-ua-" + user);
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                accepted.incrementAndGet();
                adopt(s);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Connections accepted on the listening port since start. */
    int acceptedConnections() {
        return accepted.get();
    }

    /** Closes every open connection, as a phone that went away or a carrier that dropped the link. */
    void dropConnections() throws IOException {
        for (Socket s : connections) {
            s.close();
        }
        connections.clear();
        current = null;
    }

    int port() {
        if (socket != null) {
            return socket.getLocalPort();
        }
        return listener != null ? listener.getLocalPort() : current.getLocalPort();
    }

    String host() {
        if (socket != null) {
            return socket.getLocalAddress().getHostAddress();
        }
        return (listener != null ? listener.getInetAddress() : current.getLocalAddress()).getHostAddress();
    }

    String contact() {
        return "<sip:" + user + "@" + host() + ":" + port()
                + (kind == Transport.UDP ? "" : ";transport=" + kind.uriParameter()) + ">";
    }

    String newBranch() {
        return "z9hG4bK-" + user + "-" + counter.incrementAndGet() + "-" + System.nanoTime();
    }

    String via(String branch) {
        return via(branch, host() + ":" + port());
    }

    /** A Via naming {@code sentBy} (host:port) instead of this UA's own address: what a phone behind NAT writes. */
    String via(String branch, String sentBy) {
        return "Via: SIP/2.0/" + kind.viaName() + " " + sentBy + ";branch=" + branch + ";rport\r\n";
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

    /** Reads SIP messages framed by Content-Length from one connection. */
    private void readStream(Socket connection) {
        try {
            java.io.InputStream in = new java.io.BufferedInputStream(connection.getInputStream());
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
        } finally {
            connections.remove(connection);
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
            if (message instanceof SIPRequest r && "OPTIONS".equals(r.getMethod())) {
                synchronized (optionsReceived) {
                    optionsReceived[0]++;
                    optionsReceived.notifyAll();
                }
                Options mode = options;
                if (mode == Options.ANSWER) {
                    sendResponse(r, 200, "OK", "opt" + counter.incrementAndGet(), null, null);
                }
                if (mode != Options.DELIVER) {
                    return;
                }
            }
            inbox.add(message);
        } catch (Exception e) {
            inbox.add(new SIPRequest()); // unparseable: a marker the test will trip over
        }
    }

    void send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (socket == null) {
                Socket s = current;
                if (s == null || s.isClosed()) {
                    s = connect();
                }
                synchronized (s) {
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
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

    /** From now on, OPTIONS are {@code mode}. */
    void options(Options mode) {
        options = mode;
    }

    /** OPTIONS received so far (retransmissions not counted). */
    int optionsReceived() {
        synchronized (optionsReceived) {
            return optionsReceived[0];
        }
    }

    /** Waits up to {@code seconds} until {@code count} OPTIONS in all have arrived; whether they did. */
    boolean awaitOptions(int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (optionsReceived) {
            while (optionsReceived[0] < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(optionsReceived, left);
            }
            return true;
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
            if (socket != null) {
                socket.close();
            }
            if (listener != null) {
                listener.close();
            }
            dropConnections();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
