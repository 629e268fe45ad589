package org.dunning.escalation.scheduling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/** The engine's settings. Until tenant settings exist, every tenant uses this zone and weekday send time. */
@ConfigMapping(prefix = "dunning.schedule")
public interface ScheduleConfig {

    @WithDefault("Europe/Paris")
    ZoneId zone();

    @WithDefault("09:00")
    LocalTime weekdaySendTime();

    /** How often the engine looks for due steps. */
    @WithDefault("1s")
    Duration tickInterval();

    /** How many due rows one batch claims at most; a tick runs batches until nothing free is due. */
    @WithDefault("1000")
    int batchSize();

    /**
     * How many due steps one batch decides at most, whole customers at a time (the first customer of a batch always):
     * the customers beyond it are decided by the next batch. A batch holds its steps' facts and events in memory and
     * writes them in one statement per table; 10,000 at once (a morning of 1,000 customers with ten invoices each)
     * held about 40 MB of heap more than the service at rest.
     */
    @WithDefault("2000")
    int maxStepsPerBatch();
}
