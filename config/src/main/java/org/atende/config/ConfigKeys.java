package org.atende.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every key the loader knows, as schema paths ({@code server.listen[].port}: {@code []} stands for any list
 * index, {@code *} for any key of a map whose keys the user chooses, like flow and node names). The loader
 * reports any other key as unknown; {@code reference.yaml} must show each of these.
 *
 * <p>Prompts are written in many places (a node's {@code play}, {@code menu}, {@code invalid}, a survey's
 * {@code thanks}, …); a prompt written as a map has the same keys everywhere, listed once under
 * {@link #PROMPT}.
 */
final class ConfigKeys {

    /** Stands for any key in a schema path. */
    static final String ANY = "*";
    /** The schema of a prompt written as a map ({@code { tone: ringback, duration: 3s }}). */
    static final String PROMPT = "<prompt>";
    private static final String OVERFLOW = "queues.*.overflow";
    private static final String STEP_OVERFLOW = "queues.*.steps[].overflow";
    private static final String OPERATOR = "flows.*.operator";
    private static final String ROUTE = "flows.*.nodes.*.route";

    /** The schema paths whose values are prompts: one, or a list of them. */
    static final Set<String> PROMPT_VALUES = Set.of(
            "flows.*.nodes.*.play",
            "flows.*.nodes.*.menu",
            "flows.*.nodes.*.invalid",
            "flows.*.nodes.*.no_input",
            "flows.*.nodes.*.collect",
            "flows.*.nodes.*.confirm",
            "flows.*.nodes.*.hangup",
            "flows.*.survey.questions[].prompt",
            "flows.*.survey.thanks",
            "queues.*.hold",
            "queues.*.callback.offer",
            "numbers[].survey.questions[].prompt",
            "numbers[].survey.thanks",
            "queues.*.survey.questions[].prompt",
            "queues.*.survey.thanks");

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
            "server.listen[].certificate",
            "server.listen[].private_key",
            "server.tls",
            "server.tls.ca_certificates",
            "server.tls.verify_server",
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
            "server.session_timers",
            "server.session_timers.enabled",
            "server.session_timers.expires",
            "server.session_timers.min_se",
            "server.dns",
            "server.dns.servers",
            "server.dns.timeout",
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
            "extensions[].nat",
            "extensions[].qualify",
            "extensions[].default_agent",
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
            "trunks[].outbound",
            "trunks[].outbound.proxy",
            "trunks[].outbound.caller_id",
            "trunks[].outbound.username",
            "trunks[].outbound.password",
            "trunks[].max_calls",
            "trunks[].calls_per_second",
            "trunks[].qualify",
            "numbers",
            "numbers[].number",
            "numbers[].extension",
            "numbers[].application",
            "numbers[].flow",
            "numbers[].record",
            "numbers[].survey",
            "numbers[].survey.questions",
            "numbers[].survey.questions[].kind",
            "numbers[].survey.questions[].prompt",
            "numbers[].survey.questions[].timeout",
            "numbers[].survey.questions[].variable",
            "numbers[].survey.thanks",
            "logging",
            "logging.level",
            "logging.file",
            "logging.max_file_size",
            "logging.max_files",
            "logging.sip_trace",
            "security",
            "security.trusted",
            "security.auth_failures",
            "security.auth_failures.slow_after",
            "security.auth_failures.ban_after",
            "security.auth_failures.window",
            "security.auth_failures.delay",
            "security.auth_failures.max_delay",
            "security.auth_failures.ban",
            "security.auth_failures.silent",
            "security.auth_failures.extension_lock_after",
            "security.auth_failures.extension_lock",
            "security.rate_limits",
            "security.rate_limits.register",
            "security.rate_limits.register.rate",
            "security.rate_limits.register.burst",
            "security.rate_limits.invite",
            "security.rate_limits.invite.rate",
            "security.rate_limits.invite.burst",
            "security.rate_limits.other",
            "security.rate_limits.other.rate",
            "security.rate_limits.other.burst",
            "security.rate_limits.sources",
            "security.rate_limits.retry_after",
            "security.ack_timeout",
            "security.max_loop_lag",
            "dial_out",
            "dial_out.trunk",
            "dial_out.allow",
            "dial_out.max_calls",
            "dial_out.minutes_per_day",
            "dial_out.extension_max_calls",
            "dial_out.extension_minutes_per_day",
            "dial_out.extensions",
            "dial_out.extensions.*",
            "dial_out.extensions.*.allow",
            "dial_out.extensions.*.max_calls",
            "dial_out.extensions.*.minutes_per_day",
            "flows",
            "flows.*",
            "flows.*.start",
            "flows.*.nodes",
            "flows.*.nodes.*",
            "flows.*.nodes.*.play",
            "flows.*.nodes.*.interruptible",
            "flows.*.nodes.*.menu",
            "flows.*.nodes.*.options",
            "flows.*.nodes.*.options.*",
            "flows.*.nodes.*.timeout",
            "flows.*.nodes.*.no_input",
            "flows.*.nodes.*.collect",
            "flows.*.nodes.*.min",
            "flows.*.nodes.*.max",
            "flows.*.nodes.*.terminator",
            "flows.*.nodes.*.first_digit_timeout",
            "flows.*.nodes.*.inter_digit_timeout",
            "flows.*.nodes.*.rule",
            "flows.*.nodes.*.regex",
            "flows.*.nodes.*.variable",
            "flows.*.nodes.*.confirm",
            "flows.*.nodes.*.retries",
            "flows.*.nodes.*.invalid",
            "flows.*.nodes.*.schedule",
            "flows.*.nodes.*.schedule.zone",
            "flows.*.nodes.*.schedule.hours",
            "flows.*.nodes.*.schedule.hours[].days",
            "flows.*.nodes.*.schedule.hours[].from",
            "flows.*.nodes.*.schedule.hours[].to",
            "flows.*.nodes.*.schedule.exceptions",
            "flows.*.nodes.*.schedule.exceptions[].date",
            "flows.*.nodes.*.schedule.exceptions[].hours",
            "flows.*.nodes.*.schedule.exceptions[].hours[].from",
            "flows.*.nodes.*.schedule.exceptions[].hours[].to",
            "flows.*.nodes.*.schedule.exceptions[].note",
            "flows.*.nodes.*.open",
            "flows.*.nodes.*.closed",
            "flows.*.nodes.*.lookup",
            "flows.*.nodes.*.lookup.url",
            "flows.*.nodes.*.lookup.method",
            "flows.*.nodes.*.lookup.body",
            "flows.*.nodes.*.lookup.timeout",
            "flows.*.nodes.*.lookup.retries",
            "flows.*.nodes.*.lookup.fields",
            "flows.*.nodes.*.lookup.fields.*",
            "flows.*.nodes.*.branch",
            "flows.*.nodes.*.branch[].if",
            "flows.*.nodes.*.branch[].eq",
            "flows.*.nodes.*.branch[].ne",
            "flows.*.nodes.*.branch[].in",
            "flows.*.nodes.*.branch[].present",
            "flows.*.nodes.*.branch[].absent",
            "flows.*.nodes.*.branch[].matches",
            "flows.*.nodes.*.branch[].then",
            "flows.*.nodes.*.otherwise",
            "flows.*.nodes.*.set",
            "flows.*.nodes.*.set.*",
            "flows.*.nodes.*.route",
            "flows.*.nodes.*.route.queue",
            "flows.*.nodes.*.route.extension",
            "flows.*.nodes.*.route.flow",
            "flows.*.nodes.*.route.external",
            "flows.*.nodes.*.route.external.number",
            "flows.*.nodes.*.route.external.trunk",
            "flows.*.nodes.*.hangup",
            "flows.*.nodes.*.next",
            "flows.*.nodes.*.on_failure",
            "flows.*.silence_gap",
            "flows.*.operator",
            "flows.*.survey",
            "flows.*.survey.questions",
            "flows.*.survey.questions[].kind",
            "flows.*.survey.questions[].prompt",
            "flows.*.survey.questions[].timeout",
            "flows.*.survey.questions[].variable",
            "flows.*.survey.thanks",
            "agents",
            "agents[].id",
            "agents[].name",
            "agents[].pin",
            "agents[].skills",
            "agents[].skills.*",
            "agents[].queues",
            "agents[].queues.*",
            "agents[].wrap_up",
            "agents[].start_at",
            "pause_reasons",
            "pause_reasons.*",
            "pause_reasons.*.label",
            "pause_reasons.*.productive",
            "pause_reasons.*.code",
            "features",
            "features.login",
            "features.logout",
            "features.pause",
            "features.unpause",
            "queues",
            "queues.*",
            "queues.*.members",
            "queues.*.members[].extension",
            "queues.*.members[].skills",
            "queues.*.members[].skills.*",
            "queues.*.strategy",
            "queues.*.ring_timeout",
            "queues.*.max_wait",
            "queues.*.overflow",
            "queues.*.wrap_up",
            "queues.*.hold",
            "queues.*.announce_position",
            "queues.*.announce_wait",
            "queues.*.max_no_answer",
            "queues.*.max_waiting",
            "queues.*.join_empty",
            "queues.*.service_level",
            "queues.*.short_abandon",
            "queues.*.steps",
            "queues.*.steps[].after",
            "queues.*.steps[].accept",
            "queues.*.steps[].drop",
            "queues.*.steps[].widen",
            "queues.*.steps[].overflow",
            "queues.*.survey",
            "queues.*.survey.questions",
            "queues.*.survey.questions[].kind",
            "queues.*.survey.questions[].prompt",
            "queues.*.survey.questions[].timeout",
            "queues.*.survey.questions[].variable",
            "queues.*.survey.thanks",
            "queues.*.callback",
            "queues.*.callback.key",
            "queues.*.callback.offer",
            "queues.*.callback.offer_after",
            "queues.*.callback.trunk",
            "queues.*.callback.caller_id",
            "queues.*.callback.attempts",
            "queues.*.callback.retry_after",
            "queues.*.callback.ring_timeout",
            "queues.*.callback.max_pending",
            "<prompt>.tone",
            "<prompt>.duration",
            "<prompt>.silence",
            "<prompt>.say_digits");

    private ConfigKeys() {
    }

    /** {@code trunks[3].allow[1]} becomes {@code trunks[].allow[]}. */
    static String schemaPath(String path) {
        return path.replaceAll("\\[\\d+]", "[]");
    }

    static String child(String schemaPath, String key) {
        return schemaPath.isEmpty() ? key : schemaPath + "." + key;
    }

    /** The schema of a map found at {@code schemaPath}: {@link #PROMPT} where prompts are written. */
    static String mapSchema(String schemaPath) {
        String bare = schemaPath;
        while (bare.endsWith("[]")) {
            bare = bare.substring(0, bare.length() - 2);
        }
        if (bare.equals(OVERFLOW) || bare.equals(STEP_OVERFLOW) || bare.equals(OPERATOR)) {
            return ROUTE; // a queue's overflow is a route target, with a route's keys
        }
        return PROMPT_VALUES.contains(bare) ? PROMPT : schemaPath;
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
                .filter(p -> !p.startsWith(PROMPT))
                .map(p -> p.equals(key) ? "" : p.substring(0, p.length() - key.length() - 1))
                .filter(p -> !p.equals(exclude))
                .toList();
    }
}
