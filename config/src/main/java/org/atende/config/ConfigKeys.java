package org.atende.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every key the loader knows, as schema paths ({@code server.listen[].port}: {@code []} stands for any list
 * index). The loader reports any other key as unknown; {@code reference.yaml} must show each of these.
 */
final class ConfigKeys {

    static final List<String> PATHS = List.of(
            "demo",
            "server",
            "server.domain",
            "server.realm",
            "server.country_code",
            "server.listen",
            "server.listen[].transport",
            "server.listen[].address",
            "server.listen[].port",
            "server.listen[].advertise",
            "server.max_message_size",
            "server.data_dir",
            "server.timers",
            "server.timers.t1",
            "server.timers.t2",
            "server.timers.t4",
            "server.registrar",
            "server.registrar.min_expires",
            "server.registrar.max_expires",
            "server.registrar.default_expires",
            "server.registrar.nonce_lifetime",
            "server.registrar.digest_algorithms",
            "server.shutdown_grace",
            "server.media",
            "server.media.address",
            "server.media.advertised_address",
            "server.media.rtp_ports",
            "server.media.rtp_timeout",
            "server.media.codecs",
            "server.media.recordings_dir",
            "extensions",
            "extensions[].number",
            "extensions[].password",
            "extensions[].display_name",
            "extensions[].max_contacts",
            "extensions[].direct_media",
            "extensions[].record",
            "extensions[].srtp",
            "trunks",
            "trunks[].name",
            "trunks[].allow",
            "trunks[].trusted",
            "trunks[].numbers",
            "trunks[].registration",
            "trunks[].registration.registrar",
            "trunks[].registration.username",
            "trunks[].registration.password",
            "trunks[].registration.expires",
            "numbers",
            "numbers[].number",
            "numbers[].extension",
            "numbers[].application",
            "numbers[].record",
            "logging",
            "logging.level",
            "logging.file",
            "logging.sip_trace");

    private ConfigKeys() {
    }

    /** {@code trunks[3].allow[1]} becomes {@code trunks[].allow[]}. */
    static String schemaPath(String path) {
        return path.replaceAll("\\[\\d+]", "[]");
    }

    /** The keys a map at this schema path may hold ({@code ""} for the root). */
    static Set<String> childrenOf(String schemaPath) {
        String prefix = schemaPath.isEmpty() ? "" : schemaPath + ".";
        Set<String> children = new LinkedHashSet<>();
        for (String p : PATHS) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                if (rest.indexOf('.') < 0 && rest.indexOf('[') < 0) {
                    children.add(rest);
                }
            }
        }
        return children;
    }

    /** Schema paths of the maps (other than {@code exclude}) that know this key, to hint where it belongs. */
    static List<String> parentsOf(String key, String exclude) {
        return PATHS.stream()
                .filter(p -> p.equals(key) || p.endsWith("." + key))
                .map(p -> p.equals(key) ? "" : p.substring(0, p.length() - key.length() - 1))
                .filter(p -> !p.equals(exclude))
                .toList();
    }
}
