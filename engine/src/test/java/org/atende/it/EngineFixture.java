package org.atende.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.atende.config.AtendeConfig;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;

/** Starts an engine on loopback with a test configuration: the demo's contents on a free port. */
final class EngineFixture {

    private EngineFixture() {
    }

    /** A port free for both UDP and TCP on 127.0.0.1 at the time of asking. */
    static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                    return port;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port");
    }

    /**
     * The first of {@code count} consecutive UDP ports free on 127.0.0.1 at the time of asking: SIPp's -mp takes the
     * port and the three after it (audio and video RTP and RTCP).
     */
    static int freeUdpRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                first = probe.getLocalPort() & ~1;
            }
            if (first + count > 65535) {
                continue;
            }
            java.util.List<DatagramSocket> held = new java.util.ArrayList<>();
            try {
                for (int p = first; p < first + count; p++) {
                    held.add(new DatagramSocket(new InetSocketAddress("127.0.0.1", p)));
                }
                return first;
            } catch (IOException busy) {
                // try another
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IOException("no " + count + " free UDP ports in a row");
    }

    static String yaml(int port, Path dataDir, String algorithms) {
        return """
                demo: true
                server:
                  domain: 127.0.0.1
                  listen:
                    - { transport: udp, address: 127.0.0.1, port: %d }
                    - { transport: tcp, address: 127.0.0.1, port: %d }
                  data_dir: %s
                  shutdown_grace: 3s
                  registrar:
                    digest_algorithms: [%s]
                extensions:
                  - { number: "1001", password: demo1001 }
                  - { number: "1002", password: demo1002 }
                  - { number: "1003", password: demo1003, record: true }
                  - { number: "1004", password: demo1004 }
                  - { number: "1005", password: demo1005, srtp: true }
                trunks:
                  - name: carrier
                    allow: [127.0.0.1]
                    trusted: true
                    numbers: ["0800 123 4567", "0800 000 0043"]
                numbers:
                  - { number: "0800 123 4567", extension: "1001" }
                  - { number: "0800 000 0043", application: echo, record: true }
                logging:
                  level: info
                """.formatted(port, port, dataDir.toAbsolutePath(), algorithms);
    }

    /**
     * {@link #yaml} plus a TLS listener on {@code tlsPort} with the test certificate (127.0.0.1), and Atende trusting
     * the test CA for the TLS connections it opens.
     */
    static String yamlWithTls(int port, int tlsPort, Path dataDir, String algorithms) {
        return yaml(port, dataDir, algorithms).replace("  data_dir:", "    - { transport: tls, address: 127.0.0.1, port: "
                + tlsPort + ", certificate: \"" + TestTls.file("server.pem") + "\", private_key: \""
                + TestTls.file("server-key.pem") + "\" }\n"
                + "  tls: { ca_certificates: \"" + TestTls.file("ca.pem") + "\" }\n  data_dir:");
    }

    /**
     * {@code yaml} (from {@link #yaml}) with the number 0800 123 4573 entering the flow {@code externo}, which routes
     * the caller to +55 11 4000 0000 through the trunk {@code carrier}, whose outbound proxy is {@code proxy}.
     */
    static String withExternalRoute(String yaml, String proxy) {
        return yaml.replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4573\"]\n"
                                + "    outbound: { proxy: \"" + proxy + "\" }")
                .replace("logging:\n", """
                          - { number: "0800 123 4573", flow: externo }
                        flows:
                          externo:
                            start: fora
                            nodes:
                              fora: { route: { external: { number: "+55 11 4000 0000", trunk: carrier } } }
                        logging:
                        """);
    }

    /** With the production default, SHA-256 offered first. */
    static Engine start(int port, Path dataDir) throws Exception {
        return start(port, dataDir, "SHA-256, MD5");
    }

    /** {@code algorithms}: the digest challenges in order, e.g. "MD5, SHA-256" for peers that read only the first. */
    static Engine start(int port, Path dataDir, String algorithms) throws Exception {
        AtendeConfig config = ConfigLoader.parse(yaml(port, dataDir, algorithms), "test.yaml", Map.of());
        return Engine.start(config);
    }
}
