package org.atende.acd.routing;

import java.util.EnumMap;
import java.util.Map;
import org.atende.config.QueueConfig.Strategy;

/**
 * The strategies by their YAML name. A new strategy is its class, its name in {@link Strategy} (which the config
 * binder checks YAML against) and one line here.
 */
public final class RoutingStrategies {

    private static final Map<Strategy, RoutingStrategy> BY_NAME = new EnumMap<>(Strategy.class);

    static {
        BY_NAME.put(Strategy.LONGEST_IDLE, new LongestIdle());
        BY_NAME.put(Strategy.BEST_SKILL, new BestSkill());
        BY_NAME.put(Strategy.RING_ALL, new RingAll());
        BY_NAME.put(Strategy.LINEAR, new Linear());
        BY_NAME.put(Strategy.ROUND_ROBIN, new RoundRobin());
        BY_NAME.put(Strategy.FEWEST_CALLS, new FewestCalls());
        BY_NAME.put(Strategy.LEAST_TALK_TIME, new LeastTalkTime());
        BY_NAME.put(Strategy.RANDOM, new RandomAgent());
        for (Strategy name : Strategy.values()) {
            if (!BY_NAME.containsKey(name)) {
                throw new IllegalStateException("no routing strategy registered for " + name.word());
            }
        }
    }

    private RoutingStrategies() {
    }

    /** The strategy named {@code name}. */
    public static RoutingStrategy named(Strategy name) {
        return BY_NAME.get(name);
    }
}
