{{/* Chart name, truncated to the 63 characters Kubernetes allows in a name. */}}
{{- define "modelcar-console.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release name plus chart name unless one contains the other. */}}
{{- define "modelcar-console.fullname" -}}
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

{{- define "modelcar-console.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "modelcar-console.labels" -}}
helm.sh/chart: {{ include "modelcar-console.chart" . }}
{{ include "modelcar-console.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "modelcar-console.selectorLabels" -}}
app.kubernetes.io/name: {{ include "modelcar-console.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "modelcar-console.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "modelcar-console.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "modelcar-console.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Secret with the generated (or given) administrator password. */}}
{{- define "modelcar-console.adminSecretName" -}}
{{- printf "%s-admin" (include "modelcar-console.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Secret with the keys that seal browser logins (generated, or an existing one). */}}
{{- define "modelcar-console.sessionSecretName" -}}
{{- if .Values.session.existingSecret -}}
{{- .Values.session.existingSecret -}}
{{- else -}}
{{- printf "%s-session" (include "modelcar-console.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end -}}
{{- end }}

{{/* Secret with the console's application.yaml (users, OIDC, KServe location). */}}
{{- define "modelcar-console.configSecretName" -}}
{{- printf "%s-config" (include "modelcar-console.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* A bcrypt hash with the {bcrypt} id prefix Spring Security's DelegatingPasswordEncoder expects. */}}
{{- define "modelcar-console.bcrypt" -}}
{{- if hasPrefix "{bcrypt}" . }}{{ . }}{{ else }}{{ printf "{bcrypt}%s" . }}{{ end }}
{{- end }}

{{/* Restricted-profile container security context, shared by the console and the test Pod. */}}
{{- define "modelcar-console.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}
