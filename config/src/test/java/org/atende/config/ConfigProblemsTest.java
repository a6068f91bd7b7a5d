package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.config.ListenConfig.SipTransportName;
import org.atende.config.TrunkConfig.TrunkRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigProblemsTest {

    /** Lines 1-4: the smallest valid configuration. */
    static final String SERVER = """
            server:
              domain: pbx.example.com
              listen:
                - { transport: udp, address: 192.0.2.10, port: 5060 }
            """;

    static final String STRONG = "Tr0ub4dor&3x";

    static AtendeConfig load(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "t.yaml", Map.of());
    }

    static List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    static List<String> problems(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "t.yaml", env));
        assertThat(e).as("expected problems in:\n%s", yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void minimalConfigurationGetsEveryDefault() throws Exception {
        AtendeConfig c = load(SERVER);
        assertThat(c.demo()).isFalse();
        ServerConfig s = c.server();
        assertThat(s.realm()).isEqualTo("pbx.example.com");
        assertThat(s.countryCode()).isEqualTo("55");
        assertThat(s.listen()).containsExactly(
                new ListenConfig(SipTransportName.UDP, "192.0.2.10", 5060, "192.0.2.10"));
        assertThat(s.maxMessageSize()).isEqualTo(65535);
        assertThat(s.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(s.timers()).isEqualTo(TimerConfig.RFC3261);
        assertThat(s.registrar()).isEqualTo(RegistrarConfig.DEFAULTS);
        assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.extensions()).isEmpty();
        assertThat(c.trunks()).isEmpty();
        assertThat(c.numbers()).isEmpty();
        assertThat(c.logging()).isEqualTo(LoggingConfig.DEFAULTS);
    }

    @Test
    void listenEntryDefaultsToUdpOnLoopback5060() throws Exception {
        AtendeConfig c = load("""
                server:
                  domain: pbx.example.com
                  listen: [{}]
                """);
        assertThat(c.server().listen()).containsExactly(
                new ListenConfig(SipTransportName.UDP, "127.0.0.1", 5060, "127.0.0.1"));
    }

    @Test
    void everySectionIsBound() throws Exception {
        AtendeConfig c = load("""
                server:
                  domain: pbx.example.com
                  realm: Atende
                  country_code: 44
                  listen:
                    - { transport: TCP, address: "::", port: 5080, advertise: sip.example.com }
                  max_message_size: 4096
                  data_dir: /var/lib/atende
                  timers: { t1: 250ms, t2: 2s, t4: 1m }
                  registrar: { min_expires: 2m, max_expires: 1h, default_expires: 30m, nonce_lifetime: 10m }
                  shutdown_grace: 0s
                extensions:
                  - { number: "201", password: %s, display_name: Reception, max_contacts: 20 }
                trunks:
                  - name: carrier-1
                    numbers: ["+44 (800) 123-4567"]
                    registration:
                      registrar: sip:sip.carrier.example:5060
                      username: atende
                      password: secret
                      expires: 10m
                numbers:
                  - { number: 0800-123-4567, extension: 201 }
                logging: { level: DEBUG, file: /var/log/atende.log, sip_trace: true }
                """.formatted(STRONG));
        ServerConfig s = c.server();
        assertThat(s.realm()).isEqualTo("Atende");
        assertThat(s.countryCode()).isEqualTo("44");
        assertThat(s.listen()).containsExactly(new ListenConfig(SipTransportName.TCP, "::", 5080, "sip.example.com"));
        assertThat(s.maxMessageSize()).isEqualTo(4096);
        assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/atende"));
        assertThat(s.timers()).isEqualTo(new TimerConfig(Duration.ofMillis(250), Duration.ofSeconds(2),
                Duration.ofMinutes(1)));
        assertThat(s.registrar()).isEqualTo(new RegistrarConfig(Duration.ofMinutes(2), Duration.ofHours(1),
                Duration.ofMinutes(30), Duration.ofMinutes(10), RegistrarConfig.DEFAULT_ALGORITHMS));
        assertThat(s.shutdownGrace()).isZero();
        assertThat(c.extensions()).containsExactly(new ExtensionConfig("201", STRONG, "Reception", 20));
        assertThat(c.trunks()).containsExactly(new TrunkConfig("carrier-1", List.of(), false, List.of("08001234567"),
                Optional.of(new TrunkRegistration("sip:sip.carrier.example:5060", "atende", "secret", 600))));
        assertThat(c.numbers()).containsExactly(new NumberConfig("0800-123-4567", "08001234567", "201"));
        assertThat(c.logging()).isEqualTo(new LoggingConfig("debug", Optional.of(Path.of("/var/log/atende.log")),
                true));
    }

    @Test
    void unknownKeyIsReportedWithDidYouMean() {
        assertThat(problems(SERVER + """
                extensions:
                  - number: "1001"
                    password: %s
                    dispaly_name: Reception
                    maxContacts: 2
                loging: {}
                """.formatted(STRONG))).containsExactly(
                "t.yaml:8: extensions[0].dispaly_name: unknown key (did you mean display_name?)",
                "t.yaml:9: extensions[0].maxContacts: unknown key (did you mean max_contacts?)",
                "t.yaml:10: loging: unknown key (did you mean logging?)");
    }

    @Test
    void unknownKeyThatBelongsElsewhereSaysWhere() {
        assertThat(problems(SERVER + "  port: 5060\n")).containsExactly(
                "t.yaml:5: server.port: unknown key here (port belongs under server.listen[])");
        assertThat(problems(SERVER + "colour: blue\n")).containsExactly(
                "t.yaml:5: colour: unknown key (known here: demo, server, extensions, trunks, numbers, logging, security, dial_out, flows, agents, pause_reasons, features, queues)");
    }

    @Test
    void duplicateYamlKeyIsReported() {
        assertThat(problems(SERVER + "  domain: other.example.com\n")).containsExactly(
                "t.yaml:5: server.domain: duplicate key (first at line 2)");
    }

    @Test
    void wrongTypesAreReported() {
        assertThat(problems("server: [pbx.example.com]\n")).containsExactly(
                "t.yaml:1: server: expected a map of key: value lines, found a list");
        assertThat(problems("""
                server:
                  domain: [a, b]
                  listen:
                    transport: udp
                  max_message_size: big
                demo: maybe
                """)).containsExactly(
                "t.yaml:2: server.domain: expected a single value, found a list",
                "t.yaml:3: server.listen: expected a list (\"- item\" lines or [a, b]), found a map",
                "t.yaml:5: server.max_message_size: \"big\" is not a whole number",
                "t.yaml:6: demo: \"maybe\" is not true or false");
    }

    @Test
    void listItemsOfTheWrongTypeAreReportedByIndex() {
        assertThat(problems(SERVER + """
                extensions: ["1001"]
                trunks:
                  - name: carrier
                    allow: 10.0.0.1
                """)).containsExactly(
                "t.yaml:5: extensions[0]: expected a map of key: value lines, found a single value",
                "t.yaml:8: trunks[0].allow: expected a list (\"- item\" lines or [a, b]), found a single value");
    }

    @Test
    void anchorsAndAliasesAreResolved() throws Exception {
        AtendeConfig c = load(SERVER + """
                extensions:
                  - { number: "1001", password: &pw %s }
                  - { number: "1002", password: *pw }
                """.formatted(STRONG));
        assertThat(c.extensions()).extracting(ExtensionConfig::password).containsExactly(STRONG, STRONG);
    }

    @Test
    void problemInAnAliasedNodeHasTheAliasPathAndTheAnchorLine() {
        assertThat(problems(SERVER + """
                extensions:
                  - &phone { number: "1001", password: %s }
                  - *phone
                """.formatted(STRONG))).containsExactly(
                "t.yaml:6: extensions[1].number: \"1001\" is already the number of extensions[0] (line 6)");
    }

    @Test
    void outOfRangePortsAreReported() {
        assertThat(problems("""
                server:
                  domain: pbx.example.com
                  listen:
                    - { port: 0 }
                    - { port: 65536 }
                    - { port: -5 }
                """)).containsExactly(
                "t.yaml:4: server.listen[0].port: 0 is out of range 1..65535",
                "t.yaml:5: server.listen[1].port: 65536 is out of range 1..65535",
                "t.yaml:6: server.listen[2].port: -5 is out of range 1..65535");
    }

    @Test
    void overlappingListenersAreReported() {
        assertThat(problems("""
                server:
                  domain: pbx.example.com
                  listen:
                    - { transport: udp, address: 0.0.0.0 }
                    - { transport: tcp, address: 192.0.2.1 }
                    - { transport: udp, address: 192.0.2.1 }
                """)).containsExactly(
                "t.yaml:6: server.listen[2]: udp 192.0.2.1:5060 overlaps server.listen[0] (line 4)");
    }

    @Test
    void missingRequiredKeysAreReportedAtTheirParent() {
        assertThat(problems("demo: false\n")).containsExactly("t.yaml:1: server: is required");
        assertThat(problems("""
                server:
                  realm: x
                """)).containsExactly(
                "t.yaml:1: server.domain: is required",
                "t.yaml:1: server.listen: is required");
        assertThat(problems("""
                server:
                  domain: pbx.example.com
                  listen: []
                """)).containsExactly("t.yaml:3: server.listen: needs at least one listener");
    }

    @Test
    void duplicateExtensionNumbersAreReported() {
        assertThat(problems(SERVER + """
                extensions:
                  - { number: "1001", password: %1$s }
                  - { number: "1002", password: %1$s }
                  - { number: 1001, password: %1$s }
                """.formatted(STRONG))).containsExactly(
                "t.yaml:8: extensions[2].number: \"1001\" is already the number of extensions[0] (line 6)");
    }

    @Test
    void numbersThatNormaliseAlikeAreDuplicates() {
        assertThat(problems(SERVER + """
                extensions: [{ number: "1001", password: %s }]
                numbers:
                  - { number: "0800 123 4567", extension: "1001" }
                  - { number: "+55 (800) 123-4567", extension: "1001" }
                """.formatted(STRONG))).containsExactly(
                "t.yaml:8: numbers[1].number: \"+55 (800) 123-4567\" is the same number (08001234567)"
                        + " as numbers[0] (line 7)");
    }

    @Test
    void danglingReferencesAreReported() {
        assertThat(problems(SERVER + """
                extensions: [{ number: "1001", password: %s }]
                trunks:
                  - name: carrier
                    allow: [192.0.2.200]
                    numbers: ["0800 123 4567", "0800 765 4321"]
                numbers:
                  - number: "0800 123 4567"
                    extension: "1002"
                """.formatted(STRONG))).containsExactly(
                "t.yaml:9: trunks[0].numbers[1]: \"0800 765 4321\" is not one of the numbers (add it under numbers:)",
                "t.yaml:12: numbers[0].extension: \"1002\" is not a configured extension");
    }

    @Test
    void badAllowEntriesAreReportedWithTheirIndex() {
        assertThat(problems(SERVER + """
                trunks:
                  - name: carrier
                    allow:
                      - 10.0.0.1
                      - "10.0.0.300/24"
                      - 2001:db8::/129
                      - sip.carrier.example
                """)).containsExactly(
                "t.yaml:9: trunks[0].allow[1]: \"10.0.0.300/24\" is not an address or CIDR",
                "t.yaml:10: trunks[0].allow[2]: \"2001:db8::/129\" is not an address or CIDR",
                "t.yaml:11: trunks[0].allow[3]: \"sip.carrier.example\" is not an address or CIDR");
    }

    @Test
    void oneAddressCannotIdentifyTwoTrunks() {
        assertThat(problems(SERVER + """
                trunks:
                  - { name: a, allow: [10.0.0.0/24] }
                  - { name: b, allow: ["10.0.0.0/24"] }
                  - { name: a, allow: [10.0.1.1, 10.0.1.1] }
                """)).containsExactly(
                "t.yaml:7: trunks[1].allow[0]: \"10.0.0.0/24\" is already allowed by trunks[0].allow[0] (line 6);"
                        + " a source address must identify one trunk",
                "t.yaml:8: trunks[2].name: \"a\" is already the name of trunks[0] (line 6)",
                "t.yaml:8: trunks[2].allow[1]: \"10.0.1.1\" is listed twice (also at line 8)");
    }

    @Test
    void trunkNeedsAllowOrRegistration() {
        assertThat(problems(SERVER + """
                trunks:
                  - name: carrier
                    allow: []
                """)).containsExactly(
                "t.yaml:6: trunks[0]: a trunk needs allow (the carrier's source addresses) or registration (or both)");
    }

    @Test
    void registrationIsChecked() {
        assertThat(problems(SERVER + """
                trunks:
                  - name: carrier
                    registration:
                      registrar: sip.carrier.example
                      expires: 48h
                """)).containsExactly(
                "t.yaml:7: trunks[0].registration.username: is required",
                "t.yaml:7: trunks[0].registration.password: is required",
                "t.yaml:8: trunks[0].registration.registrar: \"sip.carrier.example\" is not a SIP URI"
                        + " (like sip:sip.carrier.example:5060)",
                "t.yaml:9: trunks[0].registration.expires: is longer than 24h");
    }

    @Test
    void outboundDefaultsToTheRegistrarAndItsCredentials() throws Exception {
        AtendeConfig c = load(SERVER + """
                trunks:
                  - name: carrier
                    registration: { registrar: "sip:sip.carrier.example:5060", username: atende, password: s3cret }
                    outbound: { caller_id: "+55 (11) 4000-0000" }
                  - name: other
                    allow: [192.0.2.7]
                    outbound: { proxy: "sip:192.0.2.7:5080;transport=tcp", username: u, password: p }
                  - name: inbound-only
                    allow: [192.0.2.8]
                """);
        TrunkConfig carrier = c.trunks().get(0);
        assertThat(carrier.outbound()).contains(new TrunkConfig.TrunkOutbound("sip:sip.carrier.example:5060",
                Optional.of("+551140000000"), Optional.of("atende"), Optional.of("s3cret")));
        assertThat(carrier.outboundUsername()).contains("atende");
        assertThat(carrier.outboundPassword()).contains("s3cret");
        TrunkConfig other = c.trunks().get(1);
        assertThat(other.outboundProxy()).contains("sip:192.0.2.7:5080;transport=tcp");
        assertThat(other.outboundUsername()).contains("u");
        assertThat(other.outbound().orElseThrow().toString()).doesNotContain("p]").doesNotContain("password");
        assertThat(c.trunks().get(2).placesCalls()).isFalse();
        assertThat(c.trunks().get(2).outboundProxy()).isEmpty();
    }

    @Test
    void tlsListenersNeedACertificateAndAKeyAndShareThePortSpaceOfTcp() {
        assertThat(problems("""
                server:
                  domain: pbx.example.com
                  listen:
                    - { transport: tcp, address: 192.0.2.10, port: 5061 }
                    - { transport: tls, address: 192.0.2.10, port: 5061, certificate: c.pem, private_key: k.pem }
                    - { transport: tls, address: 192.0.2.10, port: 5062 }
                    - { transport: udp, address: 192.0.2.10, port: 5060, certificate: c.pem }
                  tls: { ca_certificates: /nonexistent/ca.pem }
                """)).containsExactly(
                "t.yaml:5: server.listen[1]: tls 192.0.2.10:5061 overlaps server.listen[0] (line 4)",
                "t.yaml:6: server.listen[2].certificate: a tls listener needs a certificate (a PEM file)",
                "t.yaml:6: server.listen[2].private_key: a tls listener needs a private_key (a PEM file)",
                "t.yaml:7: server.listen[3].certificate: only a tls listener has a certificate",
                "t.yaml:8: server.tls.ca_certificates: \"/nonexistent/ca.pem\" is not a readable file");
    }

    @Test
    void aTlsListenerBindsItsFilesRelativeToTheConfigurationFile() throws Exception {
        AtendeConfig c = ConfigLoader.parse("""
                server:
                  domain: pbx.example.com
                  listen:
                    - { transport: tls, address: 192.0.2.10, port: 5061, certificate: tls/c.pem, private_key: /k.pem }
                  tls: { verify_server: false }
                """, "/etc/atende/atende.yaml", Map.of());
        ListenConfig tls = c.server().listen().get(0);
        assertThat(tls.transport()).isEqualTo(SipTransportName.TLS);
        assertThat(tls.certificate()).isEqualTo(Path.of("/etc/atende/tls/c.pem"));
        assertThat(tls.privateKey()).isEqualTo(Path.of("/k.pem"));
        assertThat(c.server().tlsClient().verifyServer()).isFalse();
    }

    @Test
    void outboundIsChecked() {
        assertThat(problems(SERVER + """
                trunks:
                  - name: carrier
                    allow: [192.0.2.7]
                    outbound:
                      caller_id: "0800 abc"
                      username: atende
                  - name: tls
                    allow: [192.0.2.8]
                    outbound: { proxy: "sips:carrier.example;transport=udp" }
                """)).containsExactly(
                "t.yaml:8: trunks[0].outbound: needs proxy (where the calls go) when the trunk does not register",
                "t.yaml:8: trunks[0].outbound: username and password go together",
                "t.yaml:9: trunks[0].outbound.caller_id: \"0800 abc\" is not a phone number",
                "t.yaml:13: trunks[1].outbound.proxy: \"sips:carrier.example;transport=udp\" is not a sip: URI with"
                        + " an optional ;transport=udp, tcp or tls, nor a sips: URI (like sip:sip.carrier.example:5060)");
    }

    @Test
    void weakPasswordsAreRefusedOutsideDemoSayingWhichRuleFailed() {
        List<String> problems = problems(SERVER + """
                extensions:
                  - { number: "1001", password: pw }
                  - { number: "1002", password: "12345678901" }
                  - { number: "1003", password: "xyz1003-long-enough" }
                  - { number: "1004", password: "1004" }
                  - { number: "1005" }
                  - { number: "1006", password: "" }
                  - { number: "1007", password: %s }
                """.formatted(STRONG));
        assertThat(problems).containsExactly(
                "t.yaml:6: extensions[0].password: weak password: shorter than 10 characters"
                        + " (weak passwords are accepted only with demo: true)",
                "t.yaml:7: extensions[1].password: weak password: digits only"
                        + " (weak passwords are accepted only with demo: true)",
                "t.yaml:8: extensions[2].password: weak password: contains the extension number"
                        + " (weak passwords are accepted only with demo: true)",
                "t.yaml:9: extensions[3].password: weak password: shorter than 10 characters;"
                        + " contains the extension number; digits only"
                        + " (weak passwords are accepted only with demo: true)",
                "t.yaml:10: extensions[4].password: is required",
                "t.yaml:11: extensions[5].password: must not be empty");
        assertThat(String.join("\n", problems)).doesNotContain("pw ", "12345678901", "xyz1003");
    }

    @Test
    void weakPasswordsAreAcceptedInDemoMode() throws Exception {
        AtendeConfig c = load("demo: true\n" + SERVER.replace("192.0.2.10", "127.0.0.1") + """
                extensions:
                  - { number: "1001", password: "1001" }
                """);
        assertThat(c.extensions()).containsExactly(new ExtensionConfig("1001", "1001", "1001", 3));
        assertThat(problems("demo: true\n" + SERVER.replace("192.0.2.10", "127.0.0.1") + """
                extensions:
                  - { number: "1001" }
                """)).containsExactly("t.yaml:7: extensions[0].password: is required");
    }

    @Test
    void demoModeRefusesNonLoopbackListenAddresses() throws Exception {
        assertThat(problems("demo: true\n" + SERVER)).containsExactly(
                "t.yaml:5: server.listen[0].address: demo mode listens on loopback addresses only (127.0.0.1, ::1),"
                        + " not \"192.0.2.10\"; set demo: false (and strong passwords) to listen on the network");
        assertThat(problems("demo: true\n" + SERVER.replace("192.0.2.10", "0.0.0.0"))).hasSize(1);
        AtendeConfig ipv6 = load("demo: true\n" + SERVER.replace("192.0.2.10", "\"::1\""));
        assertThat(ipv6.server().listen().get(0).address()).isEqualTo("::1");
    }

    @Test
    void serverValuesAreRangeChecked() {
        assertThat(problems(SERVER + """
                  max_message_size: 512
                  timers: { t1: 5s, t2: 1s, t4: 0ms }
                  registrar: { min_expires: 10m, max_expires: 5m }
                  shutdown_grace: 5 seconds
                  country_code: "+55"
                  domain: bad_host!
                """)).containsExactly(
                "t.yaml:5: server.max_message_size: 512 is out of range 1024..1048576",
                "t.yaml:6: server.timers.t4: \"0ms\" is shorter than 1ms",
                "t.yaml:6: server.timers.t2: must not be shorter than t1 (5s)",
                "t.yaml:7: server.registrar.max_expires: must not be shorter than min_expires (10m)",
                "t.yaml:7: server.registrar.default_expires: must lie between min_expires (10m)"
                        + " and max_expires (5m)",
                "t.yaml:8: server.shutdown_grace: \"5 seconds\" is not a duration (write 500ms, 4s, 5m or 1h)",
                "t.yaml:9: server.country_code: \"+55\" is not a country calling code (1 to 3 digits, like \"55\")",
                "t.yaml:10: server.domain: duplicate key (first at line 2)");
    }

    @Test
    void loggingIsChecked() {
        assertThat(problems(SERVER + """
                logging:
                  level: verbose
                  sip_trace: 1
                  max_file_size: 10 parsecs
                  max_files: 0
                """)).containsExactly(
                "t.yaml:6: logging.level: \"verbose\" is not a level (error, warn, info, debug, trace)",
                "t.yaml:7: logging.sip_trace: \"1\" is not true or false",
                "t.yaml:8: logging.max_file_size: \"10 parsecs\" is not a size (write 512KB, 50MB or 1GB)",
                "t.yaml:9: logging.max_files: 0 is out of range 1..100");
        assertThat(problems(SERVER + "logging: { max_file_size: 1KB }\n")).containsExactly(
                "t.yaml:5: logging.max_file_size: \"1KB\" is outside 64KB..10GB");
    }

    @Test
    void aLogFileRotatesAtItsSizeKeepingItsCount() throws Exception {
        AtendeConfig c = load(SERVER + "logging: { file: /var/log/atende.log, max_file_size: 512KB, max_files: 3 }\n");
        assertThat(c.logging().maxFileSize()).isEqualTo(512 * 1024);
        assertThat(c.logging().maxFiles()).isEqualTo(3);
        assertThat(load(SERVER).logging().maxFileSize()).isEqualTo(50L * 1024 * 1024);
    }

    @Test
    void severalProblemsAreReportedAtOnceInLineOrder() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                server:
                  domain: pbx.example.com
                  listen: [{ port: 99999 }]
                numbers:
                  - { number: "0800 123 4567", extension: "1001" }
                extensions:
                  - { number: "1", password: x }
                """));
        assertThat(e.getMessage()).isEqualTo("""
                t.yaml:3: server.listen[0].port: 99999 is out of range 1..65535
                t.yaml:5: numbers[0].extension: "1001" is not a configured extension
                t.yaml:7: extensions[0].number: "1" is not an extension number (2 to 15 digits)
                t.yaml:7: extensions[0].password: weak password: shorter than 10 characters\
                 (weak passwords are accepted only with demo: true)""");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(3, 5, 7, 7);
        assertThat(e.problems().get(0)).isEqualTo(
                new ConfigProblem("t.yaml", 3, "server.listen[0].port", "99999 is out of range 1..65535"));
    }

    @Test
    void malformedYamlIsOneProblemAtTheParsersLine() {
        assertThat(problems(SERVER + "extensions:\n  - { number: 1001\n  - x\n")).containsExactly(
                "t.yaml:8: malformed YAML: expected ',' or '}', but got <stream end> (while parsing a flow mapping)");
        assertThat(problems(SERVER + "extensions:\n  - number: 1001\n   password: x\n")).singleElement()
                .asString().startsWith("t.yaml:7: malformed YAML: ");
        assertThat(problems("server:\n\tdomain: x\n")).singleElement()
                .asString().startsWith("t.yaml:2: malformed YAML: found character '\\t(TAB)'");
        assertThat(problems("")).containsExactly(
                "t.yaml:1: the file is empty (it needs at least server: with domain and listen)");
        assertThat(problems("# only a comment\n")).hasSize(1);
        assertThat(problems("- a\n- b\n")).containsExactly(
                "t.yaml:1: expected a map of key: value lines, found a list");
    }

    @Test
    void loadNamesTheFileAndReportsUnreadableFiles(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("atende.yaml");
        Files.writeString(good, SERVER);
        assertThat(ConfigLoader.load(good, Map.of()).server().domain()).isEqualTo("pbx.example.com");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, SERVER + "  port: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(bad, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(bad + ":5: server.port: unknown key here (port belongs under server.listen[])");

        Path missing = dir.resolve("missing.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isZero();
            assertThat(p.toString()).startsWith(missing + ": cannot be read (NoSuchFileException");
        });
    }

    @Test
    void problemToStringOmitsAnEmptyPath() {
        assertThat(new ConfigProblem("a.yaml", 3, "", "malformed YAML: x").toString())
                .isEqualTo("a.yaml:3: malformed YAML: x");
        assertThat(new ConfigProblem("demo.yaml", 14, "trunks[0].allow[1]", "\"10.0.0.300/24\" is not an address or CIDR")
                .toString()).isEqualTo("demo.yaml:14: trunks[0].allow[1]: \"10.0.0.300/24\" is not an address or CIDR");
    }
}
