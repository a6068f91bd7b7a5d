package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

class ReferenceYamlTest {

    static final Map<String, String> ENV = Map.of(
            "EXT_1001_PASSWORD", "correct-horse-battery",
            "SIP_TRUNK_PASSWORD", "carrier-secret",
            "AGENT_2001_PIN", "73914");

    static final String REFERENCE = ConfigLoader.resource(ConfigLoader.REFERENCE_RESOURCE);

    private static AtendeConfig reference() throws ConfigException {
        return ConfigLoader.parse(REFERENCE, "reference.yaml", ENV);
    }

    @Test
    void referenceLoadsWithItsEnvironmentVariablesGiven() throws Exception {
        AtendeConfig c = reference();
        assertThat(c.extensions().get(0).password()).isEqualTo("correct-horse-battery");
        assertThat(c.trunks().get(0).registration().orElseThrow().password()).isEqualTo("carrier-secret");
        assertThat(c.trunks().get(0).registration().orElseThrow().expiresSeconds()).isEqualTo(3600);
        assertThat(c.trunks().get(0).allow()).hasSize(3);
    }

    @Test
    void referenceNamesTheVariablesItNeeds() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(REFERENCE, "reference.yaml", Map.of()));
        assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactly("extensions[0].password", "trunks[0].registration.password",
                        "trunks[0].outbound.password", "agents[0].pin");
    }

    @Test
    void referenceShowsEveryKeyTheLoaderKnowsAndNoOther() {
        Set<String> written = new TreeSet<>();
        collectKeys(new Yaml().compose(new java.io.StringReader(REFERENCE)), "", written);
        assertThat(written).containsExactlyInAnyOrderElementsOf(ConfigKeys.PATHS);
    }

    @Test
    void referenceValuesAreTheDefaults() throws Exception {
        AtendeConfig c = reference();
        AtendeConfig minimal = ConfigLoader.parse("""
                server:
                  domain: pbx.example.com
                  listen:
                    - {}
                    - { transport: tls, port: 5061, certificate: tls/pbx.example.com.pem,
                        private_key: tls/pbx.example.com-key.pem }
                extensions:
                  - { number: "1001", password: correct-horse-battery }
                trunks:
                  - name: carrier
                    allow: [203.0.113.10, 198.51.100.0/28, "2001:db8::/64"]
                    numbers: ["0800 123 4567"]
                    registration:
                      registrar: sip:sip.carrier.example:5060
                      username: atende
                      password: carrier-secret
                    outbound: { caller_id: "+55 11 4000 0000" }
                numbers:
                  - { number: "0800 123 4567", extension: "1001" }
                  - { number: "0800 000 0043", application: echo }
                """, "minimal.yaml", Map.of());
        // the flows have no defaults to compare; FlowConfigTest checks what reference.yaml's flows bind to
        // and the extension names a default agent, to show the key
        assertThat(c.extensions().get(0).defaultAgent()).contains("2001");
        List<ExtensionConfig> extensions = c.extensions().stream().map(e -> new ExtensionConfig(e.number(),
                e.password(), e.displayName(), e.maxContacts(), e.directMedia(), e.record(), e.srtp(), e.nat(),
                e.qualify())).toList();
        AtendeConfig withoutFlows = new AtendeConfig(c.demo(), c.server(), extensions, c.trunks(),
                c.numbers().stream().filter(n -> n.flow() == null).toList(), c.logging());
        assertThat(withoutFlows).isEqualTo(minimal);
        assertThat(c.security()).isEqualTo(SecurityConfig.DEFAULTS);
        assertThat(c.flows()).containsOnlyKeys("principal", "retorno");
        assertThat(c.server().media()).isEqualTo(MediaConfig.defaults("127.0.0.1", Path.of("./data")));
    }

    @Test
    void demoUsesOnlyKnownKeysAndDiffersFromDefaultsOnlyWhereItSays() {
        AtendeConfig demo = ConfigLoader.demo();
        assertThat(demo.server().realm()).isEqualTo(demo.server().domain());
        assertThat(demo.logging()).isEqualTo(LoggingConfig.DEFAULTS);
        assertThat(demo.logging().file()).isEqualTo(Optional.empty());
    }

    @Test
    void childrenOfSchemaPathsAreDerivedFromThePathList() {
        assertThat(ConfigKeys.childrenOf("")).containsExactly("demo", "server", "extensions", "trunks", "numbers",
                "logging", "security", "dial_out", "flows", "agents", "pause_reasons", "features", "queues");
        assertThat(ConfigKeys.mapSchema("queues.*.overflow")).isEqualTo("flows.*.nodes.*.route");
        assertThat(ConfigKeys.childrenOf("flows")).containsExactly("*");
        assertThat(ConfigKeys.childrenOf("flows.*.nodes.*.options")).containsExactly("*");
        assertThat(ConfigKeys.mapSchema("flows.*.nodes.*.confirm[]")).isEqualTo(ConfigKeys.PROMPT);
        assertThat(ConfigKeys.mapSchema("flows.*.survey.questions[]")).isEqualTo("flows.*.survey.questions[]");
        assertThat(ConfigKeys.childrenOf(ConfigKeys.PROMPT)).containsExactly("tone", "duration", "silence",
                "say_digits");
        assertThat(ConfigKeys.childrenOf("server.listen[]")).containsExactly("transport", "address", "port",
                "advertise", "certificate", "private_key");
        assertThat(ConfigKeys.childrenOf("server.media")).containsExactly("address", "advertised_address",
                "rtp_ports", "rtp_timeout", "codecs", "recordings_dir");
        assertThat(ConfigKeys.childrenOf("numbers[]")).containsExactly("number", "extension", "application",
                "flow", "record", "survey");
        assertThat(ConfigKeys.schemaPath("trunks[12].allow[3]")).isEqualTo("trunks[].allow[]");
    }

    /** Schema paths as the loader sees them: user-chosen names as *, prompt maps under ConfigKeys.PROMPT. */
    private static void collectKeys(Node node, String path, Set<String> out) {
        if (node instanceof MappingNode m) {
            String schema = ConfigKeys.mapSchema(path);
            Set<String> known = ConfigKeys.childrenOf(schema);
            for (NodeTuple t : m.getValue()) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                String child = ConfigKeys.child(schema,
                        !known.contains(key) && known.contains(ConfigKeys.ANY) ? ConfigKeys.ANY : key);
                out.add(child);
                collectKeys(t.getValueNode(), child, out);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                collectKeys(item, path + "[]", out);
            }
        }
    }
}
