package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import io.modelcar.console.kubernetes.KServeVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every place KServe reads a storage URI from (kserve-facts.md 3) is found, with its field path. */
class StorageUrisTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(String json) {
        return JsonMapper.builder().build().readValue(json, Map.class);
    }

    @Test
    void findsEveryLocationWithItsPath() {
        Map<String, Object> spec = spec("""
                {"predictor": {
                   "model": {"modelFormat": {"name": "sklearn"}, "storageUri": "oci://q.io/a/model:1"},
                   "sklearn": {"storageUri": "gs://b/sklearn"}, "xgboost": {"storageUri": "gs://b/xgb"},
                   "tensorflow": {"storageUri": "gs://b/tf"}, "pytorch": {"storageUri": "gs://b/pt"},
                   "triton": {"storageUri": "gs://b/triton"}, "onnx": {"storageUri": "gs://b/onnx"},
                   "huggingface": {"storageUri": "hf://org/m"}, "pmml": {"storageUri": "gs://b/pmml"},
                   "lightgbm": {"storageUri": "gs://b/lgb"}, "paddle": {"storageUri": "gs://b/paddle"},
                   "storageUris": [{"uri": "oci://q.io/a/first:1", "mountPath": "/mnt/models/a"},
                                   {"uri": "s3://b/second", "mountPath": "/mnt/models/b"}],
                   "containers": [{"name": "kserve-container", "image": "x",
                                   "env": [{"name": "OTHER", "value": "oci://not/this:1"},
                                           {"name": "STORAGE_URI", "value": "oci://q.io/a/custom:1"}]}]},
                 "transformer": {
                   "containers": [{"name": "kserve-container", "env": [{"name": "STORAGE_URI", "value": "oci://q.io/a/tr:1"}]}],
                   "storageUris": [{"uri": "s3://b/tr-extra"}]},
                 "explainer": {
                   "art": {"type": "SquareAttack", "storageUri": "s3://b/art"},
                   "containers": [{"name": "kserve-container", "env": [{"name": "STORAGE_URI", "value": "s3://b/ex"}]}],
                   "storageUris": [{"uri": "s3://b/ex-extra"}]},
                 "canary": [{"trafficPercent": 10, "predictor": {"model": {"storageUri": "oci://q.io/a/canary:2"}}}]}
                """);

        List<StorageUri> found = StorageUris.find(spec);

        assertThat(found).extracting(StorageUri::path, StorageUri::uri).containsExactly(
                tuple("spec.predictor.model.storageUri", "oci://q.io/a/model:1"),
                tuple("spec.predictor.sklearn.storageUri", "gs://b/sklearn"),
                tuple("spec.predictor.xgboost.storageUri", "gs://b/xgb"),
                tuple("spec.predictor.tensorflow.storageUri", "gs://b/tf"),
                tuple("spec.predictor.pytorch.storageUri", "gs://b/pt"),
                tuple("spec.predictor.triton.storageUri", "gs://b/triton"),
                tuple("spec.predictor.onnx.storageUri", "gs://b/onnx"),
                tuple("spec.predictor.huggingface.storageUri", "hf://org/m"),
                tuple("spec.predictor.pmml.storageUri", "gs://b/pmml"),
                tuple("spec.predictor.lightgbm.storageUri", "gs://b/lgb"),
                tuple("spec.predictor.paddle.storageUri", "gs://b/paddle"),
                tuple("spec.predictor.storageUris[0].uri", "oci://q.io/a/first:1"),
                tuple("spec.predictor.storageUris[1].uri", "s3://b/second"),
                tuple("spec.predictor.containers[0].env[STORAGE_URI]", "oci://q.io/a/custom:1"),
                tuple("spec.transformer.storageUris[0].uri", "s3://b/tr-extra"),
                tuple("spec.transformer.containers[0].env[STORAGE_URI]", "oci://q.io/a/tr:1"),
                tuple("spec.explainer.art.storageUri", "s3://b/art"),
                tuple("spec.explainer.storageUris[0].uri", "s3://b/ex-extra"),
                tuple("spec.explainer.containers[0].env[STORAGE_URI]", "s3://b/ex"),
                tuple("spec.canary[0].predictor.model.storageUri", "oci://q.io/a/canary:2"));
    }

    @Test
    void eachUriCarriesItsSchemeParsedReferenceAndWarningsWithThePath() {
        List<StorageUri> found = StorageUris.find(spec("""
                {"predictor": {"model": {"storageUri": "oci://quay.io/ns/model:latest"}}}"""));

        StorageUri uri = found.get(0);
        assertThat(uri.scheme()).isEqualTo("oci");
        assertThat(uri.oci().repository()).isEqualTo("ns/model");
        assertThat(uri.warnings()).extracting(Warning::code, Warning::path)
                .containsExactly(tuple("latest-tag", "spec.predictor.model.storageUri"));
    }

    @Test
    void whenSchemeIsNotSupportedThenWarned() {
        List<StorageUri> found = List.of("OCI://quay.io/ns/model:1", "oci+modelcar://q.io/m:1", "ftp://host/model",
                "s3://fine/model", "https://acct.blob.core.windows.net/c/m", "/mnt/models").stream()
                .map(uri -> StorageUris.of("spec.predictor.model.storageUri", uri)).toList();

        assertThat(found).extracting(u -> StorageUris.unsupportedScheme(u, KServeVersion.V0_20) == null).containsExactly(
                false, false, false, true, true, true);
        assertThat(found.get(0).oci()).as("OCI:// is not OCI for KServe").isNull();
        // storageUris[] entries do not go through ValidateStorageURI
        assertThat(StorageUris.unsupportedScheme(StorageUris.of("spec.predictor.storageUris[0].uri", "ftp://h/m"),
                KServeVersion.V0_20)).isNull();
    }

    @Test
    void whenSpecIsEmptyOrOddlyShapedThenNothingIsFound() {
        assertThat(StorageUris.find(null)).isEmpty();
        assertThat(StorageUris.find(spec("{\"predictor\": {\"model\": {\"storageUri\": 42}, \"containers\": \"x\"}}")))
                .isEmpty();
    }

    // issue 13.11: GetStorageUri reads STORAGE_URI from kserve-container (CustomPredictor) and from containers[0]
    // (CustomTransformer, CustomExplainer), the first match only (pkg/apis/serving/v1beta1/*_custom.go)
    @Test
    void storageUriEnvIsReadOnlyWhereKServeReadsIt() {
        Map<String, Object> spec = spec("""
                {"predictor": {"containers": [
                   {"name": "sidecar", "env": [{"name": "STORAGE_URI", "value": "s3://not/sidecar"}]},
                   {"name": "kserve-container", "env": [{"name": "STORAGE_URI", "value": "s3://b/pred"},
                                                        {"name": "STORAGE_URI", "value": "s3://not/second"}]}]},
                 "transformer": {"containers": [
                   {"name": "first", "env": [{"name": "STORAGE_URI", "value": "s3://b/tr"}]},
                   {"name": "kserve-container", "env": [{"name": "STORAGE_URI", "value": "s3://not/tr1"}]}]}}
                """);
        assertThat(StorageUris.find(spec)).extracting(StorageUri::path, StorageUri::uri).containsExactly(
                tuple("spec.predictor.containers[1].env[STORAGE_URI]", "s3://b/pred"),
                tuple("spec.transformer.containers[0].env[STORAGE_URI]", "s3://b/tr"));
    }
}
