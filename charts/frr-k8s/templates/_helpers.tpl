{{/* Names, labels and images of the frr-k8s chart. */}}

{{- define "frr-k8s.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart> unless the release name already contains the chart name. */}}
{{- define "frr-k8s.fullname" -}}
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

{{- define "frr-k8s.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "frr-k8s.selectorLabels" -}}
app.kubernetes.io/name: {{ include "frr-k8s.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "frr-k8s.labels" -}}
helm.sh/chart: {{ include "frr-k8s.chart" . }}
{{ include "frr-k8s.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* ServiceAccount of the per-node daemon. */}}
{{- define "frr-k8s.serviceAccountName" -}}
{{- if .Values.frrk8s.serviceAccount.create }}
{{- default (printf "%s-controller" (include "frr-k8s.fullname" .)) .Values.frrk8s.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.frrk8s.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* ServiceAccount of the webhook + FRRNodeState cleaner Deployment (its own: it needs other rights). */}}
{{- define "frr-k8s.statuscleanerServiceAccountName" -}}
{{- if .Values.frrk8s.serviceAccount.create }}
{{- printf "%s-statuscleaner" (include "frr-k8s.fullname" .) }}
{{- else }}
{{- default "default" .Values.frrk8s.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "frr-k8s.image" -}}
{{- printf "%s:%s" .Values.frrk8s.image.repository (.Values.frrk8s.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}

{{- define "frr-k8s.frrImage" -}}
{{- printf "%s:%s" .Values.frrk8s.frr.image.repository (.Values.frrk8s.frr.image.tag | toString) }}
{{- end }}

{{/* prometheus.rbacPrometheus binds a Prometheus ServiceAccount that must be named. */}}
{{- define "frr-k8s.requirePrometheusAccount" -}}
{{- if or (not .Values.prometheus.serviceAccount) (not .Values.prometheus.namespace) }}
{{- fail "prometheus.rbacPrometheus=true needs prometheus.serviceAccount and prometheus.namespace (the Prometheus ServiceAccount to grant /metrics to)" }}
{{- end }}
{{- end }}

{{/* prometheus.insecureMetrics (plain HTTP) and a metrics certificate contradict each other. */}}
{{- define "frr-k8s.validateMetrics" -}}
{{- if and .Values.prometheus.insecureMetrics .Values.tls.metricsTLSSecret }}
{{- fail "prometheus.insecureMetrics serves plain HTTP: it cannot be combined with tls.metricsTLSSecret" }}
{{- end }}
{{- end }}
