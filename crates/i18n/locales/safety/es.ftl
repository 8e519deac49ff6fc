# Seguridad: reportes de incidentes y vulnerabilidades de IA (español).
safety-nav = Seguridad
safety-title = Reportes de seguridad
safety-lead = Incidentes y vulnerabilidades de IA reportados por los miembros y compartidos según el Traffic Light Protocol (TLP 2.0): solo ve lo que el marcado le permite.
safety-new = Reportar un incidente o una vulnerabilidad
safety-statistics = Estadísticas de seguridad
safety-feed = Canal Atom de los reportes públicos
safety-export = Exportar lo que puede ver
safety-search = Buscar en los reportes
safety-harm-type = Tipo de daño
safety-sector = Sector
safety-country = País
safety-country-code = País (código ISO de dos letras)
safety-state = Estado
safety-tlp = Marcado TLP
safety-report = Reporte
safety-reports = Reportes
safety-submitted = Enviado
safety-found = { PLURAL($count) ->
    [one] { $count } reporte visible para usted
   *[other] { $count } reportes visibles para usted
}
safety-stats-total = { PLURAL($count) ->
    [one] Recuento sobre { $count } reporte visible para usted.
   *[other] Recuento sobre { $count } reportes visibles para usted.
}
safety-by-harm = Reportes por tipo de daño
safety-by-sector = Reportes por sector
safety-by-region = Reportes por región
safety-by-month = Reportes por mes
safety-region = Región
safety-month = Mes
safety-duties = Obligaciones legales de notificación
safety-deadline-warning = Un plazo legal de notificación está cerca o ya venció: notifique a la autoridad ahora.
safety-citation = Disposición
safety-bearer = Quién notifica
safety-authority = A quién
safety-due = Vence
safety-countdown = Tiempo restante
safety-immediately = De inmediato
safety-hours-left = { PLURAL($count) ->
    [one] Queda { $count } hora
   *[other] Quedan { $count } horas
}
safety-hours-late = { PLURAL($count) ->
    [one] { $count } hora de retraso
   *[other] { $count } horas de retraso
}
safety-date = Fecha del incidente
safety-deployers = Presuntos responsables del despliegue
safety-developers = Presuntos desarrolladores
safety-harmed = Presuntas partes perjudicadas
safety-systems = Sistemas de IA afectados
safety-repos = Repositorios comunes afectados
safety-assignees = Asignado a
safety-sources = Fuentes
safety-comments = Comentarios
safety-comment = Comentario
safety-add-comment = Añadir el comentario
safety-community = Comunidad (para TLP:AMBER)
safety-recipients = Nombres de usuario de los destinatarios (para TLP:RED, separados por comas)
safety-workflow = Tramitación
safety-step = Paso
safety-reason = Motivo (en caso de rechazo)
safety-apply = Aplicar
safety-assign-to = Asignar a (nombre de usuario)
safety-assign = Asignar
safety-merge-into = Duplicado del reporte (identificador)
safety-merge = Fusionar como duplicado
safety-history = Historial
safety-field-title = Título
safety-description = Descripción
safety-vulnerability = Es una vulnerabilidad (evasión de un modelo, envenenamiento de un conjunto de datos…)
safety-artifact = Modelo, conjunto de datos o sistema afectado
safety-versions = Versiones afectadas (separadas por comas)
safety-source-url = Dirección de la fuente
safety-source-text = Texto o resumen de la fuente
safety-severity = Gravedad
safety-stakeholder = Partes interesadas afectadas
safety-system = Sistema de IA registrado (su identificador)
safety-repo = Repositorio común (p. ej. models/propietario/nombre)
safety-legal-kind = Tipo de incidente grave (para los plazos legales)
safety-aware-at = Fecha en que tuvo conocimiento
safety-submit = Enviar el reporte
safety-state-submitted = Enviado
safety-state-triaged = Clasificado
safety-state-confirmed = Confirmado
safety-state-mitigated = Mitigado
safety-state-closed = Cerrado
safety-state-rejected = Rechazado
safety-state-duplicate = Duplicado
safety-state-withdrawn = Retirado
safety-step-triage = Clasificar
safety-step-confirm = Confirmar
safety-step-mitigate = Marcar como mitigado
safety-step-close = Cerrar
safety-step-reject = Rechazar
safety-step-reopen = Reabrir
safety-step-withdraw = Retirar
safety-kind-death = Fallecimiento de una persona
safety-kind-serious-harm-to-health = Daño grave a la salud de una persona
safety-kind-critical-infrastructure = Alteración grave e irreversible de una infraestructura crítica
safety-kind-fundamental-rights = Incumplimiento de obligaciones que protegen los derechos fundamentales
safety-kind-property-or-environment = Daño grave a la propiedad o al medio ambiente
safety-kind-widespread-infringement = Infracción generalizada
safety-kind-algorithmic-discrimination = Discriminación algorítmica
safety-kind-illegal-generated-content = Contenido generado ilícito
safety-bearer-provider = Proveedor
safety-bearer-deployer = Responsable del despliegue
safety-bearer-developer = Desarrollador
safety-bearer-network-operator = Operador de red
safety-bearer-service-provider = Prestador del servicio
safety-ev-submitted = Enviado
safety-ev-assigned = Asignado a
safety-ev-unassigned = Desasignado de
safety-ev-commented = Comentado
safety-ev-merged = Fusionado en
safety-ev-absorbed = Recibió las fuentes de
safety-err-invalid = Este valor no es válido para un reporte de seguridad.
safety-err-wrong-state = Este paso no es posible en el estado actual del reporte.
safety-err-recipient = No hay ningún usuario con este nombre.
safety-err-unknown-system = No hay ningún sistema de IA registrado con este identificador.
safety-incidents = Incidentes reportados visibles para usted
safety-no-incidents = Ningún incidente reportado visible para usted.

# Marking changes and the EU report export
safety-err-not-legal = Este reporte no es un incidente en sentido legal: no indica tipo de incidente ni fecha de conocimiento.
safety-err-no-eu-duty = Ninguna obligación de notificación del art. 73 (UE) se aplica a un sistema vinculado a este reporte.
safety-err-system-not-linked = Este sistema no está vinculado al reporte.
safety-eu-report = Notificación UE de incidente grave (JSON)
safety-eu-report-hint = Según la plantilla de la Comisión para el art. 73; el proveedor completa los campos vacíos.
safety-marking-change = Cambiar la marca
safety-marking-change-hint = Con TLP:CLEAR, el hash del reporte se publica en el registro. Una marca más restringida oculta el reporte desde entonces; lo publicado sigue publicado.
safety-marking-apply = Cambiar la marca

# Deadline warnings by e-mail
safety-mail-subject = Plazo de notificación: { $title }
safety-mail-running = El incidente «{ $title }» debe notificarse conforme a { $duty } a { $authority } a más tardar el { $due }: quedan { $hours } horas.
safety-mail-immediately = El incidente «{ $title }» debe notificarse de inmediato conforme a { $duty } a { $authority }.
safety-mail-overdue = La notificación del incidente «{ $title }» conforme a { $duty } a { $authority } vencía el { $due }: lleva { $hours } horas de retraso.
safety-mail-link = El reporte en el nodo:
safety-err-no-report = No hay ningún reporte con este identificador que usted pueda ver.
