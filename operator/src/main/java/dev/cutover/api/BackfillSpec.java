package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** How the backfill Job copies the source into the target. */
public class BackfillSpec {

  /** Pods copying at once; above 1 the Job is Indexed and each index copies one partition. */
  @JsonPropertyDescription("Pods copying at once; above 1 the Job is Indexed and each index copies one partition.")
  @Default("1")
  @Min(1)
  @Max(64)
  public int parallelism = 1;

  /** Rows per COPY batch; each batch is merged and checkpointed in one target transaction. */
  @JsonPropertyDescription("Rows per COPY batch; each batch is merged and checkpointed in one target transaction.")
  @Default("5000")
  @Min(1)
  @Max(1000000)
  public int batchSize = 5000;

  /** Jobs tried before the step is Failed; each retry is a new Job. */
  @JsonPropertyDescription("Jobs tried before the step is Failed; each retry is a new Job.")
  @Default("3")
  @Min(1)
  @Max(20)
  public int maxAttempts = 3;

  /**
   * A pod template replacing the default worker pod (your own image). It only has to exit 0 on
   * success; writing the JSON result to /dev/termination-log is optional.
   */
  @JsonPropertyDescription("A pod template replacing the default worker pod (your own image). It only has to exit 0 on success; writing the JSON result to /dev/termination-log is optional.")
  @io.fabric8.crd.generator.annotation.SchemaFrom(type = EmbeddedObject.class)
  @io.fabric8.crd.generator.annotation.PreserveUnknownFields
  public PodTemplateSpec template;
}
