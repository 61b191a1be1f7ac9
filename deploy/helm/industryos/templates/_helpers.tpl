{{/* Names and labels shared by every resource of the release. */}}
{{- define "industryos.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "industryos.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one tier: (dict "root" $ "tier" "web"). */}}
{{- define "industryos.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .tier }}
{{- end -}}

{{- define "industryos.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "industryos.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image of one tier: (dict "root" $ "image" .Values.web.image). */}}
{{- define "industryos.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "industryos.secretName" -}}
{{- default (printf "%s-env" (include "industryos.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{- define "industryos.configMapName" -}}
{{- printf "%s-env" (include "industryos.fullname" .) -}}
{{- end -}}

{{/* Where the Temporal client certificate is mounted. */}}
{{- define "industryos.temporalTlsDir" -}}/etc/industryos/temporal-tls{{- end -}}

{{/* Environment of every IndustryOS container: the shared ConfigMap and Secret. */}}
{{- define "industryos.envFrom" -}}
- configMapRef:
    name: {{ include "industryos.configMapName" . }}
- secretRef:
    name: {{ include "industryos.secretName" . }}
{{- end -}}

{{/* Volumes every IndustryOS pod has: a writable /tmp, and the Temporal certificate when TLS is on. */}}
{{- define "industryos.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  secret:
    secretName: {{ required "temporal.tls.secretName is required when temporal.tls.enabled" .Values.temporal.tls.secretName }}
{{- end }}
{{- end -}}

{{- define "industryos.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  mountPath: {{ include "industryos.temporalTlsDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Scheduling settings of one tier (nodeSelector, tolerations, affinity). */}}
{{- define "industryos.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
