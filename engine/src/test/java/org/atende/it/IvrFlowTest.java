package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine runs an IVR flow on a trunk call: the caller hears the menu (RTP from Atende), presses a key by
 * RFC 4733 and is transferred to the extension the option names; without a key the menu's fallback is reached.
 */
class IvrFlowTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static final java.util.List<org.atende.call.CallRecord> ended = new java.util.concurrent.CopyOnWriteArrayList<>();

    static com.sun.net.httpserver.HttpServer crm;

    /** A small CRM: gold for +5511987654321 after 1.5 s (slow), silver for anyone else; /slow never answers. */
    static void startCrm() throws Exception {
        crm = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        crm.createContext("/customers", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            boolean gold = query != null && query.contains("phone=+5511987654321");
            try {
                if (gold) {
                    Thread.sleep(1500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"name\":\"Ana\",\"tier\":\"" + (gold ? "gold" : "silver") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        crm.createContext("/slow", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        crm.start();
    }

    @BeforeAll
    static void startEngine() throws Exception {
        startCrm();
        int crmPort = crm.getAddress().getPort();
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4568\", \"0800 123 4570\", \"0800 123 4571\", \"0800 123 4572\"]")
                .replace("logging:\n", """
                          - { number: "0800 123 4568", flow: teste }
                          - { number: "0800 123 4570", flow: crm }
                          - { number: "0800 123 4571", flow: crmlento }
                          - { number: "0800 123 4572", flow: pesquisa }
                        flows:
                          pesquisa:
                            start: atendimento
                            survey: { questions: [ { kind: csat, prompt: builtin:pt-BR/csat.wav, timeout: 5s } ], thanks: builtin:pt-BR/obrigado.wav }
                            nodes:
                              atendimento: { route: { extension: "1001" } }
                          crm:
                            start: consulta
                            silence_gap: 200ms
                            nodes:
                              consulta: { lookup: { url: "http://127.0.0.1:CRMPORT/customers?phone={caller}", timeout: 3s, fields: { tier: /tier, nome: /name } }, next: por-tier, on_failure: atendente }
                              por-tier: { branch: [ { if: tier, eq: gold, then: vip } ], otherwise: atendente }
                              vip: { route: { extension: "1001" } }
                              atendente: { route: { extension: "1002" } }
                          crmlento:
                            start: consulta
                            nodes:
                              consulta: { lookup: { url: "http://127.0.0.1:CRMPORT/slow?phone={caller}", timeout: 500ms, fields: { tier: /tier } }, next: vip, on_failure: atendente }
                              vip: { route: { extension: "1001" } }
                              atendente: { route: { extension: "1002" } }
                          teste:
                            start: menu
                            nodes:
                              menu: { menu: builtin:pt-BR/menu-principal.wav, options: { "1": suporte, "9": tchau }, timeout: 1s, retries: 1, no_input: builtin:pt-BR/nao-entendi.wav, on_failure: atendente }
                              suporte: { route: { extension: "1001" } }
                              atendente: { route: { extension: "1002" } }
                              tchau: { hangup: builtin:pt-BR/obrigado.wav }
                        logging:
                        """);
        yaml = yaml.replace("CRMPORT", Integer.toString(crmPort));
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
        engine.addCallObserver(new org.atende.call.CallObserver() {
            @Override
            public void onCallEnded(org.atende.call.CallRecord record) {
                ended.add(record);
            }
        });
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
        crm.stop(0);
    }

    @Test
    void aSlowCrmLookUpPlaysAHoldToneAndRoutesByTheCustomersTier() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa vip = new TestUa("1001", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(vip.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234570")
                    .headers("P-Asserted-Identity: <sip:+5511987654321@carrier.example>\r\n");
            SIPResponse ok = call.answered(rtp);
            // the CRM answers after 1.5 s; the flow's silence_gap is 200 ms: within 0.7 s the caller hears the
            // hold tone (with the default 800 ms gap there would be nothing yet)
            assertThat(packetsWithin(rtp, 700)).as("no silence while the CRM thinks: a hold tone").isGreaterThan(10);
            SIPRequest invite = vip.expectRequest("INVITE");
            assertThat(invite.getTo().getAddress().getURI().toString()).as("gold customers go to 1001")
                    .startsWith("sip:1001@");
            UasCall uas = new UasCall(vip, invite);
            uas.respond(486, "Busy Here", null);
            vip.expectRequest("ACK");
            UacCall.answerInDialog(carrier, carrier.expectRequest("BYE", 8), null);
            vip.register("demo1001", 0);
        }
    }

    @Test
    void aCrmThatTimesOutLeadsToTheFallback() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa operator = new TestUa("1002", server)) {
            assertThat(operator.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234571");
            call.invite(null, TestUa.SDP);
            SIPResponse ok = carrier.expectResponse(200);
            call.ack(ok, "");
            SIPRequest invite = operator.expectRequest("INVITE", 5);
            assertThat(invite.getTo().getAddress().getURI().toString()).startsWith("sip:1002@");
            UasCall uas = new UasCall(operator, invite);
            uas.respond(486, "Busy Here", null);
            operator.expectRequest("ACK");
            UacCall.answerInDialog(carrier, carrier.expectRequest("BYE", 8), null);
            operator.register("demo1002", 0);
        }
    }

    private static int packetsWithin(DatagramSocket rtp, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int n = 0;
        byte[] buf = new byte[2048];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return n;
            }
            rtp.setSoTimeout((int) Math.max(1, left));
            try {
                rtp.receive(new DatagramPacket(buf, buf.length));
                n++;
            } catch (java.net.SocketTimeoutException e) {
                return n;
            }
        }
    }

    private static int packetsReceived(DatagramSocket rtp, int max) throws Exception {
        rtp.setSoTimeout(1500);
        int n = 0;
        byte[] buf = new byte[2048];
        try {
            while (n < max) {
                rtp.receive(new DatagramPacket(buf, buf.length));
                n++;
            }
        } catch (java.net.SocketTimeoutException e) {
            // fewer than max
        }
        return n;
    }

    @Test
    void keyOneTransfersTheCallerToTheExtensionOfOptionOne() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1001", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(agent.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234568");
            SIPResponse ok = call.answered(rtp);
            assertThat(packetsReceived(rtp, 20)).as("the menu prompt is heard").isEqualTo(20);

            CallTesting.sendDigit(rtp, CallTesting.mediaPort(ok), 1, 1000, 8000);
            SIPRequest invite = agent.expectRequest("INVITE");
            assertThat(invite.getTo().getAddress().getURI().toString()).startsWith("sip:1001@");
            UasCall uas = new UasCall(agent, invite);
            uas.respond(200, "OK", TestUa.SDP.replace("40000", "50000"));
            agent.expectRequest("ACK");
            carrier.expectSilence(200); // the caller's call was answered by the IVR already: no new SIP

            ended.clear();
            call.bye();
            UacCall.answerInDialog(agent, agent.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            agent.register("demo1001", 0);
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        while (ended.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ended).hasSize(1);
        org.atende.ivr.Journey journey = ended.get(0).ivr();
        assertThat(journey).as("the IVR path is in the call record").isNotNull();
        assertThat(journey.steps().stream().filter(s -> s instanceof org.atende.ivr.Journey.NodeEntered)
                .map(s -> ((org.atende.ivr.Journey.NodeEntered) s).node())).containsExactly("menu", "suporte");
        assertThat(journey.steps()).anySatisfy(s -> assertThat(s).isInstanceOf(org.atende.ivr.Journey.DigitPressed.class));
        assertThat(journey.ending()).hasValueSatisfying(e -> assertThat(e.outcome())
                .isEqualTo(org.atende.ivr.Journey.Outcome.ROUTED));
    }

    @Test
    void withoutAKeyTheMenuEndsAtItsFallback() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa operator = new TestUa("1002", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(operator.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234568");
            SIPResponse ok = call.answered(rtp);
            // menu (9.6 s) + 1 s, "não recebemos", menu again + 1 s: then the operator rings
            SIPRequest invite = operator.expectRequest("INVITE", 30);
            assertThat(invite.getTo().getAddress().getURI().toString()).startsWith("sip:1002@");
            UasCall uas = new UasCall(operator, invite);
            uas.respond(486, "Busy Here", null);
            operator.expectRequest("ACK");
            // nobody takes it: busy tone, then Atende hangs up
            SIPRequest bye = carrier.expectRequest("BYE", 8);
            UacCall.answerInDialog(carrier, bye, null);
            operator.register("demo1002", 0);
        }
    }

    /**
     * The bundled demo configuration's voice menu, as shipped: key 3 leads to the queue vendas, whose agent 2004 is
     * logged in at 1004 from the start.
     */
    @Test
    void theDemoVoiceMenuRoutesKeyThreeToTheSalesQueue() throws Exception {
        String demo;
        try (var in = ConfigLoader.class.getResourceAsStream("demo.yaml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int port = EngineFixture.freePort();
        demo = demo.replace("port: 5060", "port: " + port)
                .replace("data_dir: ./data", "data_dir: " + data.resolve("demo").toAbsolutePath());
        InetSocketAddress demoServer = new InetSocketAddress("127.0.0.1", port);
        try (Engine demoEngine = Engine.start(ConfigLoader.parse(demo, "demo.yaml", Map.of()));
             TestUa carrier = new TestUa("carrier", demoServer); TestUa sales = new TestUa("1004", demoServer);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(sales.register("demo1004", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234567");
            SIPResponse ok = call.answered(rtp);
            assertThat(packetsReceived(rtp, 10)).as("the welcome prompt is heard").isEqualTo(10);
            CallTesting.sendDigit(rtp, CallTesting.mediaPort(ok), 3, 2000, 16000); // skips the welcome (interruptible), answers the menu
            SIPRequest invite = sales.expectRequest("INVITE");
            assertThat(invite.getTo().getAddress().getURI().toString()).startsWith("sip:1004@");
            UasCall uas = new UasCall(sales, invite);
            uas.respond(200, "OK", TestUa.SDP.replace("40000", "50000"));
            sales.expectRequest("ACK");
            assertThat(demoEngine.queues().agentStatus("2004").get(2, TimeUnit.SECONDS).orElseThrow().call())
                    .isPresent();
            call.bye();
            UacCall.answerInDialog(sales, sales.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            sales.register("demo1004", 0);
        }
    }

    /**
     * Independent peers: SIPp as the carrier presses 1 (RFC 4733 capture) in the menu; a SIPp UAS registered as
     * 1001 takes the transferred call; SIPp's BYE ends it.
     */
    @Test
    void sippCarrierNavigatesTheMenuByRfc4733ToASippExtension(@org.junit.jupiter.api.io.TempDir Path work)
            throws Exception {
        Peers.require("sipp");
        int port = server.getPort();
        int local = EngineFixture.freePort();
        int media = EngineFixture.freePort();
        Peers.register(port, "1001", local, media, 300, work);
        java.util.List<String> uasCmd = Peers.sipp(port, "uas_answer.xml", local, media, "-m", "1", "-d", "200",
                "-trace_msg", "-message_file", work.resolve("uas.msg").toString());
        java.util.List<String> uacCmd = Peers.sipp(port, "trunk_ivr_dtmf.xml", EngineFixture.freePort(),
                EngineFixture.freePort(), "-m", "1", "-s", "08001234568", "-key", "caller", "5511987654321",
                "-trace_msg", "-message_file", work.resolve("uac.msg").toString());
        try (Peers.Proc uas = new Peers.Proc(uasCmd, work.resolve("uas.log"), work);
             Peers.Proc uac = new Peers.Proc(uacCmd, work.resolve("uac.log"), work)) {
            assertThat(uac.waitFor(30)).as(uac.output()).isZero();
            assertThat(uas.waitFor(30)).as("the SIPp extension took the transferred call: " + uas.output()).isZero();
        } finally {
            Peers.register(port, "1001", local, media, 0, work);
        }
        String uasMessages = java.nio.file.Files.readString(work.resolve("uas.msg"));
        assertThat(uasMessages).contains("INVITE sip:1001@").contains("BYE sip:");
    }

    /**
     * The shipped demo menu with SIPp as the carrier pressing nothing: after the welcome, the LGPD notice and
     * three rounds of the menu (about 55 s), the caller goes to the queue geral and reaches an agent logged in at
     * the start, 2004 on a SIPp UAS registered as 1004 (2001-2003's extensions are not registered: their offers
     * fail at once and the next agent rings).
     */
    @Test
    void sippCarrierPressingNothingReachesTheDemoMenusOperator(@org.junit.jupiter.api.io.TempDir Path work)
            throws Exception {
        Peers.require("sipp");
        String demo;
        try (var in = ConfigLoader.class.getResourceAsStream("demo.yaml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int port = EngineFixture.freePort();
        // SIPp plays 1004 for about 55 s with -m 1: a qualify OPTIONS (the first comes 45-60 s after the REGISTER)
        // would end its scenario, so 1004 is not qualified here
        demo = demo.replace("port: 5060", "port: " + port)
                .replace("data_dir: ./data", "data_dir: " + data.resolve("demo-sipp").toAbsolutePath())
                .replace("{ number: \"1004\", password: demo1004,", "{ number: \"1004\", password: demo1004, qualify: off,");
        int local = EngineFixture.freePort();
        int media = EngineFixture.freePort();
        java.util.concurrent.BlockingQueue<org.atende.call.CallRecord> demoRecords =
                new java.util.concurrent.LinkedBlockingQueue<>();
        try (Engine demoEngine = Engine.start(ConfigLoader.parse(demo, "demo.yaml", Map.of()))) {
            demoEngine.addCallObserver(new org.atende.call.CallObserver() {
                @Override
                public void onCallEnded(org.atende.call.CallRecord record) {
                    demoRecords.add(record);
                }
            });
            Peers.register(port, "1004", local, media, 300, work);
            java.util.List<String> uasCmd = longTimeout(Peers.sipp(port, "uas_answer.xml", local, media, "-m", "1",
                    "-d", "200", "-trace_msg", "-message_file", work.resolve("uas.msg").toString()));
            java.util.List<String> uacCmd = longTimeout(Peers.sipp(port, "trunk_uac.xml", EngineFixture.freePort(),
                    EngineFixture.freePort(), "-m", "1", "-d", "60000", "-s", "08001234567", "-key", "caller",
                    "5511987654321"));
            try (Peers.Proc uas = new Peers.Proc(uasCmd, work.resolve("uas.log"), work);
                 Peers.Proc uac = new Peers.Proc(uacCmd, work.resolve("uac.log"), work)) {
                assertThat(uac.waitFor(90)).as(uac.output()).isZero();
                assertThat(uas.waitFor(30)).as("the operator took the call: " + uas.output()).isZero();
            }
            String uasMessages = java.nio.file.Files.readString(work.resolve("uas.msg"));
            assertThat(uasMessages).contains("INVITE sip:1004@").contains("BYE sip:");
            org.atende.call.CallRecord record = demoRecords.poll(5, TimeUnit.SECONDS);
            assertThat(record).isNotNull();
            assertThat(record.ivr().ending().orElseThrow().outcome().toString()).isEqualTo("ROUTED");
            assertThat(record.ivr().steps()).noneMatch(st -> st instanceof org.atende.ivr.Journey.DigitPressed);
            assertThat(record.ivr().steps()).filteredOn(st -> st instanceof org.atende.ivr.Journey.NodeEntered)
                    .extracting(st -> ((org.atende.ivr.Journey.NodeEntered) st).node())
                    .containsExactly("boas-vindas", "menu", "geral");
            assertThat(record.queue().queue()).isEqualTo("geral");
            assertThat(record.queue().agent()).isEqualTo("2004");
        }
    }

    /** SIPp's whole-run timeout raised from the default 30 s, for runs that wait through the demo menu. */
    private static java.util.List<String> longTimeout(java.util.List<String> cmd) {
        java.util.List<String> out = new java.util.ArrayList<>(cmd);
        out.set(out.indexOf("-timeout") + 1, "120s");
        return out;
    }

    @Test
    void whenTheAgentHangsUpFirstTheCallerAnswersTheSurvey() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1001", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(agent.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234572");
            SIPResponse ok = call.answered(rtp);
            UasCall uas = UasCall.answer(agent, 50000);
            ended.clear();

            uas.bye(); // the agent hangs up first
            agent.expectResponse(200);
            carrier.expectSilence(300); // the caller stays on the line
            assertThat(packetsWithin(rtp, 1000)).as("the survey question is heard").isGreaterThan(20);
            CallTesting.sendDigit(rtp, CallTesting.mediaPort(ok), 4, 3000, 80000);
            UacCall.answerInDialog(carrier, carrier.expectRequest("BYE", 8), null); // after the thanks
            agent.register("demo1001", 0);
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        while (ended.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).survey()).containsEntry("csat", "4");
        assertThat(ended.get(0).media()).extracting(CallRecordLeg -> CallRecordLeg.leg())
                .as("the agent's figures kept after its leg closed").containsExactly("caller", "callee");
        assertThat(engine.rtpPortsInUse()).isZero();
        assertThat(ended.get(0).endReason()).isEqualTo("survey done");
    }

    /** A baresip phone dials the menu number and presses 1 with its keypad; a baresip registered as 1001 answers. */
    @Test
    void baresipNavigatesTheMenuWithItsKeypad(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        Peers.require("baresip");
        Path tone = work.resolve("tone.wav");
        Baresip.writeTone(tone, 600, 60);
        try (Baresip caller = new Baresip(work.resolve("caller"), "1003", "demo1003", server.getPort(),
                     EngineFixture.freePort(), EngineFixture.freePort(), tone, false);
             Baresip agent = new Baresip(work.resolve("agent"), "1001", "demo1001", server.getPort(),
                     EngineFixture.freePort(), EngineFixture.freePort(), tone, true)) {
            caller.awaitRegistered();
            agent.awaitRegistered();
            caller.connect();
            agent.connect();
            caller.command("dial", "sip:08001234568@127.0.0.1");
            caller.awaitEvent("CALL_ESTABLISHED", 15); // the IVR answered
            TimeUnit.MILLISECONDS.sleep(500);
            caller.keys("1");
            agent.awaitEvent("CALL_ESTABLISHED", 15); // transferred to 1001
            caller.command("hangup", "");
            caller.awaitEvent("CALL_CLOSED", 10);
            agent.awaitEvent("CALL_CLOSED", 10);
        }
    }
}
