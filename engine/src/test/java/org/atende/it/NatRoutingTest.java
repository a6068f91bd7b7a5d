package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where calls to a registered phone go ({@code extensions[].nat}): each phone here REGISTERs from one socket
 * ({@code sender}) while its Contact names another ({@code phone}), as a phone that sends from one port and listens
 * on another does; the Via sent-by says whether it looks as if it were behind NAT. 1001 calls it, and the test
 * checks which socket the INVITE reaches.
 */
class NatRoutingTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;

    TestUa caller;
    TestUa sender;
    TestUa phone;
    private String registeredContact;
    private String registeredPassword;

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        engine = Engine.start(ConfigLoader.parse("""
                demo: true
                server:
                  domain: 127.0.0.1
                  listen:
                    - { transport: udp, address: 127.0.0.1, port: %1$d }
                    - { transport: tcp, address: 127.0.0.1, port: %1$d }
                  data_dir: %2$s
                  shutdown_grace: 3s
                  registrar:
                    digest_algorithms: [MD5]
                extensions:
                  - { number: "1001", password: demo1001 }
                  - { number: "1002", password: demo1002 }
                  - { number: "1003", password: demo1003, nat: force }
                  - { number: "1004", password: demo1004, nat: never }
                """.formatted(port, data.toAbsolutePath()), "nat.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @BeforeEach
    void phones() throws Exception {
        caller = new TestUa("1001", server);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (registeredContact != null) {
            sender.register(registeredPassword, 0, registeredContact, sender.host() + ":" + sender.port());
        }
        caller.close();
        if (sender != null) {
            sender.close();
        }
        if (phone != null) {
            phone.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.activeCalls() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(engine.activeCalls()).as("calls left behind").isZero();
    }

    /** {@code ext} REGISTERs from {@code sender} with Contact {@code contact} and Via sent-by {@code sentBy}. */
    private void register(String ext, String contact, String sentBy) throws Exception {
        registeredPassword = "demo" + ext;
        SIPResponse ok = sender.register(registeredPassword, 300, contact, sentBy);
        assertThat(ok.getStatusCode()).as(sender.dump()).isEqualTo(200);
        registeredContact = contact;
    }

    private void twoSockets(String ext) throws Exception {
        sender = new TestUa(ext, server);
        phone = new TestUa(ext, server);
    }

    /** 1001 calls {@code ext}; {@code reached} gets the INVITE, {@code other} nothing. The call is refused with 486. */
    private SIPRequest callReaches(String ext, TestUa reached, TestUa other) throws Exception {
        UacCall call = new UacCall(caller, ext);
        call.invite("demo1001", TestUa.SDP);
        SIPRequest invite = reached.expectRequest("INVITE");
        other.expectSilence(300);
        new UasCall(reached, invite).respond(486, "Busy Here", null);
        reached.expectRequest("ACK");
        SIPResponse busy = caller.expectResponse(486);
        call.sendAckForFailure(busy);
        return invite;
    }

    @Test
    void aPhoneListeningOnAnotherPortThanItSendsFromIsCalledOnItsContact() throws Exception {
        twoSockets("1002");
        register("1002", phone.contact(), sender.host() + ":" + sender.port());

        SIPRequest invite = callReaches("1002", phone, sender);

        assertThat(invite.getRequestURI().toString()).isEqualTo("sip:1002@127.0.0.1:" + phone.port());
    }

    @Test
    void aPhoneWhoseViaIsNotItsSourceIsBehindNatAndIsCalledWhereItsRegisterCameFrom() throws Exception {
        twoSockets("1002");
        register("1002", phone.contact(), phone.host() + ":" + phone.port());

        SIPRequest invite = callReaches("1002", sender, phone);

        assertThat(invite.getRequestURI().toString()).as("the Contact is still the Request-URI")
                .isEqualTo("sip:1002@127.0.0.1:" + phone.port());
    }

    @Test
    void natForceCallsWhereTheRegisterCameFromThoughNothingLooksNatted() throws Exception {
        twoSockets("1003");
        register("1003", phone.contact(), sender.host() + ":" + sender.port());

        callReaches("1003", sender, phone);
    }

    @Test
    void natNeverCallsTheContactThoughTheViaLooksNatted() throws Exception {
        twoSockets("1004");
        register("1004", phone.contact(), phone.host() + ":" + phone.port());

        callReaches("1004", phone, sender);
    }

    @Test
    void aContactWithTransportTcpIsCalledOverTcp() throws Exception {
        sender = new TestUa("1002", server);
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(5000);
            String contact = "<sip:1002@127.0.0.1:" + listener.getLocalPort() + ";transport=tcp>";
            register("1002", contact, sender.host() + ":" + sender.port());

            UacCall call = new UacCall(caller, "1002");
            call.invite("demo1001", TestUa.SDP);
            try (Socket connection = listener.accept()) {
                connection.setSoTimeout(5000);
                SIPRequest invite = readRequest(connection.getInputStream());
                assertThat(invite.getMethod()).isEqualTo("INVITE");
                assertThat(invite.getRequestURI().toString())
                        .isEqualTo("sip:1002@127.0.0.1:" + listener.getLocalPort() + ";transport=tcp");
                assertThat(invite.getTopmostVia().getTransport()).isEqualToIgnoringCase("TCP");
                SIPResponse busy = invite.createResponse(486, "Busy Here");
                busy.getTo().setTag("tcp-phone");
                connection.getOutputStream().write(busy.encode().getBytes(StandardCharsets.UTF_8));
                connection.getOutputStream().flush();
                SIPResponse relayed = caller.expectResponse(486);
                call.sendAckForFailure(relayed);
            }
            sender.expectSilence(100);
        }
    }

    /** One SIP request framed by Content-Length from a TCP stream. */
    private static SIPRequest readRequest(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            assertThat(c).as("connection closed before a request arrived").isNotNegative();
            head.write(c);
            matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^(?:content-length|l)\\s*:\\s*(\\d+)")
                .matcher(headers);
        byte[] body = in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
        byte[] all = new byte[head.size() + body.length];
        System.arraycopy(head.toByteArray(), 0, all, 0, head.size());
        System.arraycopy(body, 0, all, head.size(), body.length);
        return (SIPRequest) new StringMsgParser().parseSIPMessage(all, true, false, null);
    }
}
