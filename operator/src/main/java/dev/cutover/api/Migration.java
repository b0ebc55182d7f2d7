package dev.cutover.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A move of one service from a source database to a target database, one gated phase at a time. */
@Group(CutoverConstants.GROUP)
@Version(CutoverConstants.VERSION)
@Kind(CutoverConstants.KIND)
@Plural(CutoverConstants.PLURAL)
@ShortNames("mig")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.step", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Read%", jsonPath = ".status.readPercent", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Verified",
    jsonPath = ".status.conditions[?(@.type==\"Verified\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Migration extends CustomResource<MigrationSpec, MigrationStatus> implements Namespaced {

  @Override
  protected MigrationSpec initSpec() {
    return new MigrationSpec();
  }
}
