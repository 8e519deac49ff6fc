# Interfaz de WAICO — español. Cada mensaje debe existir en ar, zh, fr, ru, es.
# Los plurales usan PLURAL($count), que toma la categoría CLDR de ICU4X.

brand-long = WAICO — Organización Mundial de Cooperación en Inteligencia Artificial
skip-to-content = Saltar al contenido
nav-label = Navegación principal
nav-members = Miembros
nav-institutions = Instituciones
nav-api = API
nav-admin = Secretaría
nav-signin = Iniciar sesión
nav-signout = Cerrar sesión
lang-switcher = Idioma
footer-text = WAICO es software de código abierto para una cooperación multilateral y abierta en materia de IA. Cualquier miembro puede operar su propio nodo.

home-title = Organización Mundial de Cooperación en Inteligencia Artificial
home-lead = Una única plataforma abierta en la que los Estados coordinan el desarrollo y la gobernanza de la IA: un marco normativo común, deliberación abierta, un registro público verificable, modelos y datos compartidos y acceso equitativo a capacidad de cómputo y talento, con el Sur Global en primer lugar.
home-figures = La Organización en cifras
home-global-south-share = de los Estados miembros pertenecen al Sur Global
home-parts = Qué hace la plataforma
home-newest = Miembros más recientes
home-all-members = Todos los Estados miembros
part-members = Miembros
part-members-text = Estados, instituciones y personas, con sus roles. La pertenencia al «Sur Global» se deriva de los grupos de ingreso del Banco Mundial; nunca se introduce a mano.
part-framework = Marco
part-framework-text = Normas nacionales sobre IA en forma de paquetes de reglas legibles por máquina, puestos en correspondencia con un catálogo unificado de controles.
part-deliberation = Deliberación
part-deliberation-text = Propuestas, consultas y votaciones de los Estados miembros, con decisiones que surten efecto.
part-commons = Bienes comunes
part-commons-text = Modelos, conjuntos de datos y herramientas abiertos, que se descargan con los clientes que los investigadores ya utilizan.
part-capacity = Intercambio de capacidades
part-capacity-text = Capacidad de cómputo donada y asignada de forma equitativa, y becas de investigación asignadas a los investigadores idóneos.
part-safety = Seguridad
part-safety-text = Informes de incidentes de IA e información sobre amenazas, compartidos entre los miembros con etiquetas TLP.

members-count = { PLURAL($count) ->
    [one] { $count } Estado miembro
   *[other] { $count } Estados miembros
}
members-count-label = { PLURAL($count) ->
    [one] Estado miembro
   *[other] Estados miembros
}
observers-count-label = { PLURAL($count) ->
    [one] observador
   *[other] observadores
}
institutions-count-label = { PLURAL($count) ->
    [one] institución
   *[other] instituciones
}
regions-count-label = { PLURAL($count) ->
    [one] región del mundo
   *[other] regiones del mundo
}
members-found = { PLURAL($count) ->
    [one] { $count } Estado encontrado
   *[other] { $count } Estados encontrados
}
institutions-found = { PLURAL($count) ->
    [one] { $count } institución encontrada
   *[other] { $count } instituciones encontradas
}
page-number = Página { $count }

members-title = Estados miembros
filters = Filtros
search-name = Nombre o código
any = Todos
yes = Sí
no = No
apply-filters = Aplicar
pagination = Páginas
page-prev = Página anterior
page-next = Página siguiente
none-yet = Aún no hay registros.
names-in-six = Nombres en los seis idiomas de las Naciones Unidas
delegates = Delegados
global-south-derived = derivado del grupo de ingreso
actions = Acciones
edit = Editar
delete = Eliminar
save = Guardar

field-name = Nombre
field-code = Código
field-region = Región
field-income-group = Grupo de ingreso
field-global-south = Sur Global
field-status = Situación
field-since = Desde
field-un-member = Estado Miembro de las Naciones Unidas
field-kind = Tipo
field-country = País
field-website = Sitio web
field-registered = Fecha de registro
field-username = Nombre de usuario
field-password = Contraseña
field-email = Correo electrónico
field-display-name = Nombre visible
field-language = Idioma
field-roles = Roles
field-role = Rol
field-scope = Ámbito
field-scope-hint = Ámbito (código de país para un delegado, identificador de institución para un representante)
field-current-password = Contraseña actual
field-new-password = Contraseña nueva
field-token-name = Nombre del token
field-token-days = Validez (días)
field-expires = Vencimiento

status-member = Miembro
status-observer = Observador
status-suspended = Suspendido
status-none = No miembro

income-low = Ingreso bajo
income-lower-middle = Ingreso mediano bajo
income-upper-middle = Ingreso mediano alto
income-high = Ingreso alto
income-unclassified = Sin clasificar

kind-government-agency = Organismo gubernamental
kind-university = Universidad
kind-research-institute = Instituto de investigación
kind-company = Empresa
kind-ngo = Organización no gubernamental
kind-standards-body = Organismo de normalización

role-secretariat-admin = Administrador de la Secretaría
role-delegate = Delegado de un Estado miembro
role-institution-rep = Representante de una institución
role-researcher = Investigador

region-0 = —
region-2 = África
region-19 = Américas
region-142 = Asia
region-150 = Europa
region-9 = Oceanía
region-10 = Antártida
region-15 = África septentrional
region-202 = África subsahariana
region-419 = América Latina y el Caribe
region-21 = América septentrional
region-143 = Asia central
region-30 = Asia oriental
region-35 = Asia sudoriental
region-34 = Asia meridional
region-145 = Asia occidental
region-151 = Europa oriental
region-154 = Europa septentrional
region-39 = Europa meridional
region-155 = Europa occidental
region-53 = Australia y Nueva Zelandia
region-54 = Melanesia
region-57 = Micronesia
region-61 = Polinesia

institutions-title = Instituciones
institution-new = Registrar una institución
institution-edit = Editar institución

signin-title = Iniciar sesión
signin-button = Iniciar sesión
account-title = Su cuenta
account-profile = Perfil
account-password = Contraseña
account-change-password = Cambiar contraseña
account-tokens = Tokens de API
token-create = Crear token
token-shown-once = Copie este token ahora: no se volverá a mostrar.
token-revoke = Revocar
token-revoked = Revocado
token-active = Activo
scope-read = Solo lectura
scope-write = Lectura y escritura
notice-saved = Cambios guardados.

admin-title = Secretaría
admin-memberships = Condición de miembro de los Estados
admin-new-user = Nuevo usuario
admin-create-user = Crear usuario
admin-users = Usuarios
admin-grant = Asignar rol
admin-revoke = Revocar
admin-reset-password = Establecer contraseña

api-docs-title = Referencia de la API
api-docs-lead = La API JSON de este nodo. Su descripción legible por máquina es el documento OpenAPI 3.1 disponible en
api-docs-auth = Las rutas que modifican datos requieren un token de API, que se crea en la página de su cuenta y se envía como
api-needs-token = token
api-parameter = Parámetro
api-in = Ubicación
api-description = Descripción
api-body = Cuerpo de la solicitud

form-has-errors = Corrija los campos señalados a continuación.
err-required = Este campo es obligatorio.
err-length = Este valor es demasiado corto o demasiado largo.
err-control-chars = No se permiten caracteres de control.
err-invalid-choice = Elija uno de los valores de la lista.
err-invalid-date = Introduzca una fecha con el formato YYYY-MM-DD.
err-invalid-url = Introduzca una dirección web que empiece por https:// o http://.
err-invalid-email = Introduzca una dirección de correo electrónico válida.
err-username-chars = Use entre 3 y 32 caracteres entre letras minúsculas sin tilde, dígitos, puntos, guiones y guiones bajos, empezando por una letra.
err-password-length = La contraseña debe tener entre 10 y 256 caracteres.
err-unknown-country = Este no es un código de país ISO 3166-1 conocido.
err-unknown-institution = No existe ninguna institución con este identificador.
err-scope-country = Un delegado necesita el código del Estado al que representa.
err-scope-institution = Un representante necesita el identificador de su institución.
err-taken = Este valor ya está en uso.
err-token-days = Elija una validez de entre 1 día y el máximo que permite el nodo.
err-wrong-password = La contraseña actual no es correcta.
err-csrf = Este formulario ha caducado. Envíelo de nuevo.
err-signin-missing = Introduzca su nombre de usuario y su contraseña.
err-signin-failed = El nombre de usuario o la contraseña no son correctos.
err-signin-locked = Demasiados intentos fallidos: esta cuenta está bloqueada temporalmente.
err-invalid-json = El cuerpo de la solicitud no coincide con los campos esperados.
err-invalid-query = Un parámetro de la consulta no es válido.
err-range = El valor está fuera del intervalo permitido.

error-home-link = Ir a la página de inicio
error-404-title = Página no encontrada
error-404-text = No hay nada en esta dirección. Puede que se haya movido o que el enlace sea incorrecto.
error-403-title = Acceso denegado
error-403-text = Su cuenta no tiene el rol necesario para esta acción.
error-413-title = Demasiado grande
error-413-text = Lo que ha enviado supera el tamaño que acepta este servidor.
error-400-title = Solicitud no comprendida
error-400-text = El servidor no ha podido entender esta solicitud. Revísela e inténtelo de nuevo.
error-500-title = Se ha producido un error
error-500-text = El servidor ha tenido un problema inesperado. La solicitud no se ha completado; inténtelo de nuevo más tarde.

## Framework & assessment
nav-frameworks = Marcos
nav-systems = Sistemas de IA
fw-title = Marcos normativos
fw-intro = Las normas nacionales e internacionales sobre IA como árboles de requisitos versionados y legibles por máquina, cada uno vinculado al catálogo unificado de controles.
fw-col-name = Nombre
fw-col-jurisdiction = Jurisdicción
fw-col-version = Versión
fw-col-requirements = Requisitos
fw-col-status = Estado
fw-col-rules = Reglas
fw-controls-title = Catálogo unificado de controles
fw-controls-intro = El marco común de WAICO: un único conjunto de controles al que se vinculan los requisitos nacionales.
fw-mapped-requirements = requisitos nacionales
fw-maps-to = Corresponde a
fw-official-text = Texto oficial
fw-export = Exportar
fw-packs-title = Paquetes de reglas por jurisdicción
fw-packs-intro = Las reglas de aplicabilidad de cada jurisdicción, con las clases de riesgo y las obligaciones que producen.
fw-relationship = Relación
fw-satisfies = Requisitos nacionales que cumple este control
fw-upload = Cargar un documento
fw-upload-intro = Pegue un marco, una biblioteca de CISO Assistant, una tabla de correspondencias o un paquete de reglas en YAML. Se comprueba entero; si algo falla, nada cambia.
fw-upload-kind = Tipo de documento
fw-upload-file-name = Nombre del archivo (para los mensajes de error)
fw-upload-source = YAML
fw-upload-rejected = El documento fue rechazado y nada cambió. Problemas encontrados (archivo:línea: motivo):
fw-kind-framework = Marco (YAML de WAICO)
fw-kind-ciso-assistant = Marco (biblioteca de CISO Assistant)
fw-kind-crosswalk = Tabla de correspondencias
fw-kind-rulepack = Paquete de reglas
fw-status-in-force = En vigor
fw-status-adopted-not-yet-applicable = Aprobado, aún no aplicable
fw-status-draft = Proyecto
fw-status-voluntary = Voluntario
sys-title = Sistemas de IA
sys-intro = Los sistemas de IA registrados, cada uno evaluado frente a todas las jurisdicciones de una sola vez.
sys-new = Registrar un sistema de IA
sys-updated = Actualizado
sys-field-id = Identificador (minúsculas, dígitos, -)
sys-field-name = Nombre
sys-field-description = Descripción
sys-field-provider = Proveedor
sys-field-jurisdictions = Jurisdicciones de despliegue (códigos como EU, CN, US-CO, BR)
sys-field-purposes = Finalidades
sys-field-capabilities = Capacidades
sys-field-affected = Personas afectadas
sys-field-public-facing = Ofrecido al público
sys-field-gpai = Modelo de IA de uso general
sys-field-users = Número de usuarios
sys-field-compute = Cómputo de entrenamiento (FLOP, p. ej. 3e25)
sys-field-licence = Licencia de código abierto
sys-field-institution = Institución
sys-field-yaml = O pegue el perfil completo en YAML (sustituye a los campos anteriores)
sys-register = Registrar y evaluar
sys-err-id = Use de 1 a 80 letras minúsculas, dígitos, puntos, guiones o guiones bajos.
sys-err-jurisdictions = Escriba códigos como EU, CN, BR o US-CO, separados por comas.
sys-err-number = Escriba un número no negativo.
sys-err-profile = El perfil tiene errores (archivo:línea: motivo):
sys-profile = Perfil
sys-assess = Volver a evaluar
sys-no-assessment = Este sistema aún no ha sido evaluado.
sys-report = Informe de evaluación
sys-formats = Descargar
sys-packs-used = Paquetes de reglas utilizados
sys-applies = Se aplica
sys-applies-yes = Sí
sys-applies-no = No
sys-risk-class = Clase de riesgo
sys-obligations = Obligaciones
sys-col-citation = Cita
sys-col-requirement = Requisito
sys-col-bearer = A cargo de
sys-col-from = Aplicable desde
sys-col-deadline = Plazo
sys-non-binding = no vinculante
sys-status-met = Cumplida
sys-status-missing = Pendiente
sys-status-unknown = Desconocido
sys-provenance = Reglas activadas y campos del perfil que leyeron
sys-undetermined = indeterminado, faltan campos
sys-unified = Vista unificada
sys-unified-intro = El menor conjunto de controles unificados que cubre todas las obligaciones de todas las jurisdicciones: una misma evidencia sirve a varios países.
sys-uncovered = sin cubrir
sys-evidence = Evidencia
sys-discharges = Obligaciones cubiertas
sys-divergences = Divergencias entre jurisdicciones
sys-imposed-by = Impuesto por
sys-not-imposed-by = no por
sys-strictest = El más estricto

## Values of closed lists (waico_framework::labels), report wording
purpose-biometrics = Biometría
purpose-critical-infrastructure = Infraestructuras críticas
purpose-education = Educación y formación profesional
purpose-employment = Empleo y gestión de trabajadores
purpose-essential-services-credit = Solvencia y calificación crediticia
purpose-essential-services-insurance = Riesgo y precios en seguros de vida y salud
purpose-public-benefits = Derecho a prestaciones y servicios públicos
purpose-emergency-dispatch = Llamadas de emergencia, despacho y triaje
purpose-law-enforcement = Garantía del cumplimiento del Derecho
purpose-migration-border = Migración, asilo y control fronterizo
purpose-justice-democracy = Administración de justicia y resolución de litigios
purpose-elections = Elecciones y referendos
purpose-medical = Medicina y salud
purpose-housing = Vivienda
purpose-legal-services = Servicios jurídicos
purpose-content-generation = Generación de contenido
purpose-chatbot = Chatbot
purpose-recommendation = Recomendación
purpose-search = Búsqueda
purpose-translation = Traducción
purpose-software-development = Desarrollo de software
purpose-customer-service = Atención al cliente
purpose-marketing = Marketing
purpose-safety = Seguridad
purpose-research = Investigación
purpose-general-purpose = Uso general
purpose-other = Otro
capability-interacts-with-people = Interactúa con personas
capability-generates-synthetic-content = Genera contenido sintético
capability-deepfake = Ultrafalsificaciones
capability-public-interest-text = Textos publicados sobre asuntos de interés público
capability-emotion-recognition = Reconocimiento de emociones
capability-biometric-identification-remote = Identificación biométrica remota
capability-biometric-identification-realtime = Identificación biométrica en tiempo real
capability-biometric-categorisation = Categorización biométrica
capability-biometric-categorisation-sensitive = Categorización biométrica que infiere rasgos sensibles
capability-profiling = Elaboración de perfiles
capability-social-scoring = Puntuación social
capability-subliminal-manipulation = Manipulación subliminal
capability-exploits-vulnerabilities = Explotación de vulnerabilidades
capability-untargeted-facial-scraping = Extracción no selectiva de imágenes faciales
capability-crime-prediction-profiling = Predicción de delitos basada en perfiles
capability-automated-decisions = Decisiones automatizadas
capability-recommendation = Recomendaciones
capability-autonomous-weapons = Funciones de armas autónomas
capability-csam-generation = Puede producir material de abuso sexual infantil
capability-biometric-editing = Edita rostros, voces u otros datos biométricos
affected-general-public = Público en general
affected-consumers = Consumidores
affected-employees = Empleados
affected-job-applicants = Solicitantes de empleo
affected-students = Estudiantes
affected-children = Niños
affected-patients = Pacientes
affected-migrants = Migrantes y solicitantes de asilo
affected-suspects = Sospechosos
affected-benefit-claimants = Solicitantes de prestaciones
affected-borrowers = Prestatarios
affected-voters = Votantes
modality-text = Texto
modality-image = Imagen
modality-audio = Audio
modality-video = Vídeo
modality-tabular = Datos tabulares
modality-code = Código
modality-biometric = Datos biométricos
modality-virtual-scene = Escenas virtuales
context-workplace = Lugar de trabajo
context-education-institution = Centro educativo
context-publicly-accessible-space = Espacio de acceso público
context-law-enforcement-operation = Operación policial
context-border = Frontera
context-healthcare = Atención sanitaria
context-online = En línea
context-internal = Uso interno
art63-narrow-procedural-task = Tarea procedimental limitada
art63-improves-prior-human-activity = Mejora el resultado de una actividad humana previa
art63-detects-decision-patterns = Detecta patrones de decisión sin sustituir la evaluación humana
art63-preparatory-task = Tarea preparatoria
rbi-targeted-victim-search = Búsqueda selectiva de víctimas y personas desaparecidas
rbi-imminent-threat-prevention = Prevención de una amenaza inminente para la vida o de un atentado terrorista
rbi-serious-crime-suspect = Localización de un sospechoso de delito grave
profile-role-provider = Proveedor
profile-role-deployer = Responsable del despliegue
bearer-provider = Proveedor
bearer-deployer = Responsable del despliegue
bearer-both = Proveedor y responsable del despliegue
model-source-commons = Procomún de WAICO
model-source-external = Externo
evidence-implemented = Implementado
evidence-partial = Parcial
evidence-planned = Planificado
relationship-equal = Equivalente
relationship-subset = Subconjunto
relationship-superset = Superconjunto
relationship-intersects = Intersección parcial
risk-class-prohibited = Práctica prohibida
risk-class-excessive = Riesgo excesivo
risk-class-high = Alto riesgo
risk-class-high-risk = Alto riesgo
risk-class-not-high-risk = No es de alto riesgo
risk-class-gpai = Modelo de IA de uso general
risk-class-gpai-systemic = Modelo de IA de uso general con riesgo sistémico
risk-class-limited = Riesgo limitado
risk-class-minimal = Riesgo mínimo
risk-class-in-scope = Dentro del ámbito de aplicación
risk-class-out-of-scope = Fuera del ámbito de aplicación
risk-class-filing-required = Requiere registro
risk-class-voluntary = Voluntario
sys-field-modalities = Modalidades
sys-field-contexts = Contextos de despliegue
sys-err-institution = No puede registrar sistemas para esta institución. Elija una de la lista.
sys-institution-none = Ninguna (registrar a mi nombre)
report-catalog-version = Versión del catálogo unificado
report-not-applicable = No se aplica.
report-rule = Regla
report-read = campos leídos
report-not-set = no definido
report-controls = Controles
report-unified-controls = Controles unificados
sys-days = { PLURAL($count) ->
    [one] { $count } día
   *[other] { $count } días
}
sys-working-days = { PLURAL($count) ->
    [one] { $count } día hábil
   *[other] { $count } días hábiles
}
