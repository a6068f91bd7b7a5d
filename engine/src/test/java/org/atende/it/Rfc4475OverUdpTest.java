package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RFC 4475 torture message sent to the running engine over a real UDP socket: the answer is the one the
 * conformance table gives (a status, or nothing for responses that must be dropped), and after each message the
 * engine still answers an OPTIONS.
 */
class Rfc4475OverUdpTest {

    /** Accepted answers per file; an empty set means "no answer" (a dropped response). */
    static final Map<String, Set<Integer>> EXPECTED = Map.ofEntries(
            // parse, then the ordinary answer: requests for example.com names are not ours (404), OPTIONS is 200
            Map.entry("wsinv.dat", Set.of(404, 481)), // it carries a To tag: no such dialog
            Map.entry("intmeth.dat", Set.of(501)),
            Map.entry("esc01.dat", Set.of(404)),
            Map.entry("escnull.dat", Set.of(404)),
            Map.entry("esc02.dat", Set.of(501)),
            Map.entry("lwsdisp.dat", Set.of(200)),
            Map.entry("longreq.dat", Set.of(404)),
            Map.entry("dblreq.dat", Set.of(404)),
            Map.entry("semiuri.dat", Set.of(200)),
            Map.entry("transports.dat", Set.of(200)),
            Map.entry("mpart01.dat", Set.of(405, 501)),
            Map.entry("unreason.dat", Set.of()),
            Map.entry("noreason.dat", Set.of()),
            Map.entry("badbranch.dat", Set.of(200)),
            Map.entry("unkscm.dat", Set.of(416)),
            Map.entry("novelsc.dat", Set.of(416)),
            Map.entry("unksm2.dat", Set.of(404)),
            Map.entry("bext01.dat", Set.of(420)),
            Map.entry("invut.dat", Set.of(415)),
            Map.entry("regaut01.dat", Set.of(401, 403, 404)),
            Map.entry("zeromf.dat", Set.of(200)),
            Map.entry("cparam01.dat", Set.of(401, 404)),
            Map.entry("cparam02.dat", Set.of(401, 404)),
            Map.entry("sdp01.dat", Set.of(406)),
            Map.entry("inv2543.dat", Set.of(404)),
            // reject
            Map.entry("badinv01.dat", Set.of(400)),
            Map.entry("clerr.dat", Set.of(400)),
            Map.entry("ncl.dat", Set.of(400)),
            Map.entry("scalar02.dat", Set.of(400)),
            Map.entry("quotbal.dat", Set.of(400)),
            Map.entry("ltgtruri.dat", Set.of(400)),
            Map.entry("lwsruri.dat", Set.of(400)),
            Map.entry("lwsstart.dat", Set.of(400)),
            Map.entry("trws.dat", Set.of(400)),
            Map.entry("escruri.dat", Set.of(400)),
            Map.entry("baddate.dat", Set.of(400)),
            Map.entry("regbadct.dat", Set.of(400)),
            Map.entry("badaspec.dat", Set.of(400)),
            Map.entry("baddn.dat", Set.of(400)),
            Map.entry("badvers.dat", Set.of(505)),
            Map.entry("mismatch01.dat", Set.of(400)),
            Map.entry("mismatch02.dat", Set.of(400)),
            Map.entry("insuf.dat", Set.of(400)),
            Map.entry("multi01.dat", Set.of(400)),
            Map.entry("mcl01.dat", Set.of(400)),
            Map.entry("regescrt.dat", Set.of(400)),
            // dropped responses
            Map.entry("scalarlg.dat", Set.of()),
            Map.entry("bigcode.dat", Set.of()),
            Map.entry("bcast.dat", Set.of()));

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;

    static Path folder() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            for (Path candidate : new Path[] {dir.resolve("shared/conformance/rfc4475"),
                    dir.resolveSibling("shared").resolve("conformance/rfc4475")}) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
            dir = dir.getParent();
        }
        return null;
    }

    static Stream<String> files() {
        return EXPECTED.keySet().stream().sorted();
    }

    @BeforeAll
    static void start() throws Exception {
        if (folder() == null) {
            return; // each test fails (CI) or is skipped, saying why
        }
        int port = EngineFixture.freePort();
        engine = EngineFixture.start(port, data);
        server = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void engineAnswersAsTheTableSaysAndKeepsServing(String file) throws Exception {
        org.atende.testing.Prerequisite.require(folder() != null,
                "the RFC 4475 torture messages (../shared/conformance/rfc4475) are not found");
        byte[] bytes = Files.readAllBytes(folder().resolve(file));
        try (RawUdp raw = new RawUdp(server)) {
            raw.send(bytes);
            Set<Integer> expected = EXPECTED.get(file);
            SIPMessage answer = raw.receive(expected.isEmpty() ? 400 : 3000);
            while (answer instanceof SIPResponse r && r.getStatusCode() == 100) {
                answer = raw.receive(3000);
            }
            if (expected.isEmpty()) {
                assertThat(answer).as(file + " must be dropped").isNull();
            } else {
                assertThat(answer).as(file + ": no answer").isInstanceOf(SIPResponse.class);
                assertThat(((SIPResponse) answer).getStatusCode()).as(file).isIn(expected);
            }
            raw.send(("OPTIONS sip:127.0.0.1:" + server.getPort() + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + raw.port()
                    + ";branch=z9hG4bK-alive-" + file + "\r\nFrom: <sip:t@127.0.0.1>;tag=a\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: alive-" + file + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            SIPMessage alive = raw.receiveMatching("alive-" + file, 3000);
            assertThat(alive).as("engine still answers after " + file).isInstanceOf(SIPResponse.class);
            assertThat(((SIPResponse) alive).getStatusCode()).isEqualTo(200);
        }
    }
}
