{{/* Base URL of the console for the alerts' links: set, else the first Ingress host, else the Service's DNS name. */}}
{{- define "modelcar-console.consoleUrl" -}}
{{- if .Values.metrics.prometheusRule.consoleUrl -}}
{{- .Values.metrics.prometheusRule.consoleUrl -}}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts -}}
{{- if .Values.ingress.tls }}https{{ else }}http{{ end }}://{{ (first .Values.ingress.hosts).host -}}
{{- else -}}
http://{{ include "modelcar-console.fullname" . }}.{{ .Release.Namespace }}.svc:{{ .Values.service.port }}
{{- end -}}
{{- end -}}
