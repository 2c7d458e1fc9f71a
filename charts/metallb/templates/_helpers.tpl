{{/* Names, labels, images and value checks of the metallb chart. */}}

{{- define "metallb.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart> unless the release name already contains the chart name. */}}
{{- define "metallb.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "metallb.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "metallb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "metallb.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "metallb.labels" -}}
helm.sh/chart: {{ include "metallb.chart" . }}
{{ include "metallb.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "metallb.controllerServiceAccountName" -}}
{{- if .Values.controller.serviceAccount.create }}
{{- default (printf "%s-controller" (include "metallb.fullname" .)) .Values.controller.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.controller.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "metallb.speakerServiceAccountName" -}}
{{- if .Values.speaker.serviceAccount.create }}
{{- default (printf "%s-speaker" (include "metallb.fullname" .)) .Values.speaker.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.speaker.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag of a component image ({repository, tag}), tag defaulting to appVersion. */}}
{{- define "metallb.image" -}}
{{- printf "%s:%s" .image.repository (.image.tag | default .appVersion | toString) }}
{{- end }}

{{/*
The BGP backend in effect: "frr" when asked for by bgpBackend or by upstream's speaker.frr.enabled,
else "frr-k8s". Goes to the speaker as --bgp-type and to both components as METALLB_BGP_TYPE.
*/}}
{{- define "metallb.bgpBackend" -}}
{{- if or (eq .Values.bgpBackend "frr") .Values.speaker.frr.enabled }}frr{{ else }}frr-k8s{{ end }}
{{- end }}

{{/* Namespace of the FRRConfigurations the speakers write (frr-k8s backend). */}}
{{- define "metallb.frrk8sNamespace" -}}
{{- if .Values.frrk8s.external }}{{ .Values.frrk8s.namespace }}{{ else }}{{ .Release.Namespace }}{{ end }}
{{- end }}

{{- define "metallb.leaseName" -}}
{{- default (printf "%s-controller" (include "metallb.fullname" .)) .Values.controller.leaderElection.leaseName }}
{{- end }}

{{- define "metallb.memberlistSecretName" -}}
{{- printf "%s-memberlist" (include "metallb.fullname" .) }}
{{- end }}

{{/* Combinations the schema cannot express; each message says what to change. */}}
{{- define "metallb.validateValues" -}}
{{- $backend := include "metallb.bgpBackend" . }}
{{- if hasKey .Values "configInline" }}
{{- fail "configInline is no longer supported: configure MetalLB with its custom resources (IPAddressPool, BGPPeer, ...)" }}
{{- end }}
{{- if and (eq $backend "frr") (or .Values.frrk8s.enabled .Values.frrk8s.external) }}
{{- fail (printf "bgpBackend=frr (FRR sidecar in the speaker pod) excludes frr-k8s: also set frrk8s.enabled=false and frrk8s.external=false (now enabled=%v, external=%v); Helm enables subcharts from values only" .Values.frrk8s.enabled .Values.frrk8s.external) }}
{{- end }}
{{- if and .Values.frrk8s.enabled .Values.frrk8s.external }}
{{- fail "frrk8s.enabled (bundled frr-k8s) and frrk8s.external (frr-k8s installed separately) are mutually exclusive" }}
{{- end }}
{{- if and (eq $backend "frr-k8s") (not .Values.frrk8s.enabled) (not .Values.frrk8s.external) }}
{{- fail "bgpBackend=frr-k8s needs frr-k8s: keep frrk8s.enabled=true (bundled), or set frrk8s.external=true with frrk8s.namespace, or choose bgpBackend=frr" }}
{{- end }}
{{- if and .Values.frrk8s.external (not .Values.frrk8s.namespace) }}
{{- fail "frrk8s.namespace is required when frrk8s.external=true (where the external frr-k8s reads FRRConfigurations)" }}
{{- end }}
{{- if and .Values.frrk8s.secretPassthrough (ne $backend "frr-k8s") }}
{{- fail "frrk8s.secretPassthrough needs bgpBackend=frr-k8s" }}
{{- end }}
{{- if and (eq $backend "frr-k8s") (not .Values.speaker.enabled) }}
{{- fail "frrk8s requires speaker to be enabled. Set frrk8s.enabled=false when disabling speaker." }}
{{- end }}
{{- if and (gt (int .Values.controller.replicas) 1) (not .Values.controller.leaderElection.enabled) }}
{{- fail (printf "controller.replicas=%v needs controller.leaderElection.enabled=true: only one controller may allocate at a time" .Values.controller.replicas) }}
{{- end }}
{{- if and .Values.prometheus.podMonitor.enabled .Values.prometheus.serviceMonitor.enabled }}
{{- fail "prometheus.podMonitor.enabled and prometheus.serviceMonitor.enabled are mutually exclusive: pick one" }}
{{- end }}
{{- if and .Values.prometheus.insecureMetrics (or .Values.tls.controllerMetricsTLSSecret .Values.tls.speakerMetricsTLSSecret) }}
{{- fail "prometheus.insecureMetrics serves plain HTTP: it cannot be combined with tls.controllerMetricsTLSSecret or tls.speakerMetricsTLSSecret" }}
{{- end }}
{{- if and .Values.prometheus.rbacPrometheus (or (not .Values.prometheus.serviceAccount) (not .Values.prometheus.namespace)) }}
{{- fail "prometheus.rbacPrometheus=true needs prometheus.serviceAccount and prometheus.namespace (the Prometheus ServiceAccount to grant /metrics to)" }}
{{- end }}
{{- end }}

{{/* "true" when the metrics endpoints are served and check scrapers (HTTPS + TokenReview/SubjectAccessReview). */}}
{{- define "metallb.secureMetrics" -}}
{{- if and (ne (int .Values.prometheus.metricsPort) 0) (not .Values.prometheus.insecureMetrics) }}true{{ end }}
{{- end }}

{{/* ClusterRole rules for checking scrapers, given the "metallb.secureMetrics" result. */}}
{{- define "metallb.metricsAuthRules" -}}
{{- if . }}
  # metrics: a scraper's bearer token is checked with a TokenReview ...
  - apiGroups: ["authentication.k8s.io"]
    resources: ["tokenreviews"]
    verbs: ["create"]
  # ... and its get on /metrics with a SubjectAccessReview.
  - apiGroups: ["authorization.k8s.io"]
    resources: ["subjectaccessreviews"]
    verbs: ["create"]
{{- end }}
{{- end }}
