{{/*
Templates shared by the frr-k8s and metallb charts. Canonical copy: charts/frr-k8s/templates/_shared.tpl;
hack/sync-chart-crds.ts copies it into charts/metallb with the template prefix renamed (template
names are global across a chart and its subcharts).
*/}}

{{/* FRR start-up files for an FRR sidecar (ConfigMap data). Argument: dict acceptIncomingBGPConnections. */}}
{{- define "frr-k8s.frrStartupData" -}}
daemons: |
  # Daemons started by watchfrr in the FRR container: BGP and BFD (static for completeness).
  zebra=yes
  bgpd=yes
  bfdd=yes
  staticd=yes
  ospfd=no
  ospf6d=no
  ripd=no
  ripngd=no
  isisd=no
  pimd=no
  ldpd=no
  nhrpd=no
  eigrpd=no
  babeld=no
  sharpd=no
  pbrd=no
  fabricd=no
  vrrpd=no
  pathd=no
  vtysh_enable=yes
  # zebra keeps routes installed for 120 s across its own restart (-K) so a crash does not blackhole.
  zebra_options="  -A 127.0.0.1 -s 90000000 -K 120 --limit-fds 100000"
  {{- if .acceptIncomingBGPConnections }}
  bgpd_options="   -A 127.0.0.1 --limit-fds 100000"
  {{- else }}
  # -p 0: bgpd opens sessions but does not listen on port 179.
  bgpd_options="   -A 127.0.0.1 -p 0 --limit-fds 100000"
  {{- end }}
  staticd_options="-A 127.0.0.1 --limit-fds 100000"
  bfdd_options="   -A 127.0.0.1 --limit-fds 100000"
vtysh.conf: |
  service integrated-vtysh-config
frr.conf: |
  ! Replaced by the first configuration the daemon applies.
  frr defaults traditional
  hostname frr-k8s
  log stdout informational
  line vty
  !
{{- end }}

{{/* TLS flags shared by every HTTPS endpoint. */}}
{{- define "frr-k8s.tlsArgs" -}}
{{- with .Values.tls.minVersion }}
- --tls-min-version={{ . }}
{{- end }}
{{- with .Values.tls.cipherSuites }}
- --tls-cipher-suites={{ . }}
{{- end }}
{{- with .Values.tls.curvePreferences }}
- --tls-curve-preferences={{ . }}
{{- end }}
{{- end }}

{{/* An httpGet probe from values (enabled, thresholds) at a path and port. */}}
{{- define "frr-k8s.probe" -}}
{{- $p := .probe -}}
httpGet:
  path: {{ .path }}
  port: {{ .port }}
  {{- with .host }}
  host: {{ . }}
  {{- end }}
  scheme: {{ .scheme | default "HTTP" }}
{{- range $k := list "failureThreshold" "initialDelaySeconds" "periodSeconds" "successThreshold" "timeoutSeconds" }}
{{- if hasKey $p $k }}
{{ $k }}: {{ index $p $k }}
{{- end }}
{{- end }}
{{- end }}

{{/* Shell check run in the FRR container: every daemon the rendered configuration needs is up. */}}
{{- define "frr-k8s.frrDaemonsCheck" -}}
d=" $(vtysh -c 'show daemons') "; for x in zebra bgpd bfdd staticd; do case "$d" in *" $x "*) ;; *) echo "$x not running"; exit 1;; esac; done
{{- end }}
