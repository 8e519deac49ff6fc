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

## Commons
nav-commons = Bien común
commons-title = Bien común
commons-lead = Modelos, conjuntos de datos y herramientas abiertos compartidos por los miembros. Descárguelos con las herramientas que ya usa, incluidos los clientes de Hugging Face.
commons-search = Buscar en el bien común
commons-search-placeholder = Palabras en cualquier idioma
commons-results-label = Repositorios:
commons-no-results = Ningún repositorio coincide.
commons-newest = Más recientes
commons-popular = Más descargados
commons-by-task = Por tarea
commons-by-language = Por idioma
commons-kind-model = Modelo
commons-kind-dataset = Conjunto de datos
commons-kind-tool = Herramienta
commons-downloads = Descargas
commons-downloads-by-day = Descargas por día
commons-updated = Actualizado
commons-gated = Acceso controlado
commons-facet-kind = Tipo
commons-facet-task = Tarea
commons-facet-license = Licencia
commons-facet-language = Idioma
commons-facet-owner = Propietario
commons-facet-owner-country = País del propietario
commons-facet-region = Región
commons-facet-global-south = Sur Global
commons-gs-yes = Sur Global
commons-gs-no = Otros
commons-sort = Ordenar por
commons-sort-relevance = Relevancia
commons-sort-downloads = Descargas
commons-sort-recent = Actualizados recientemente
commons-metadata = Metadatos de la ficha
commons-license = Licencia
commons-task = Tarea
commons-library = Biblioteca
commons-languages = Idiomas
commons-tags = Etiquetas
commons-datasets = Conjuntos de datos
commons-base-model = Modelo base
commons-visibility-public = Público
commons-visibility-gated = Acceso controlado
commons-visibility-members_only = Solo miembros
commons-card-problems = Problemas en la ficha (solo usted los ve):
commons-line = Línea
commons-empty-repo = Este repositorio aún no tiene archivos.
commons-files = Archivos
commons-file = Archivo
commons-size = Tamaño
commons-download = Descargar
commons-use-hf = Con el cliente de Hugging Face:
commons-history = Historial
commons-commit = Versión
commons-message = Mensaje
commons-author = Autor
commons-date = Fecha
commons-refs = Ramas y etiquetas
commons-access-title = Solicitar acceso
commons-access-signin = Los archivos de este repositorio tienen acceso controlado: inicie sesión para solicitarlo.
commons-access-reason = Motivo
commons-access-submit = Enviar la solicitud
commons-access-pending = Su solicitud espera la decisión del propietario.
commons-access-approved = Acceso concedido.
commons-access-rejected = Su solicitud fue rechazada.
commons-requests-title = Solicitudes de acceso
commons-requests-none = Aún no hay solicitudes.
commons-approve = Aprobar
commons-reject = Rechazar
commons-decision-reason = Motivo de la decisión
commons-user = Usuario
commons-status = Estado
commons-owner-repos = Repositorios
commons-owner-kind-state = Estado miembro
commons-owner-kind-institution = Institución
commons-owner-kind-person = Persona
err-commons-owner = Propietario desconocido: use el código de un Estado miembro, el nombre corto de una institución o un nombre de usuario.
err-commons-kind = Elija modelo, conjunto de datos o herramienta.
err-commons-name = Use letras, dígitos, «.», «_» o «-» (96 como máximo), sin empezar por un símbolo.
err-commons-visibility = Elija público, acceso controlado o solo miembros.
err-commons-sha256 = Se esperan 64 dígitos hexadecimales.
err-commons-size-mismatch = El contenido no tiene el tamaño declarado; no se guardó nada.
err-commons-hash-mismatch = El contenido no coincide con el SHA-256 declarado; no se guardó nada.
err-commons-revision = Rama, etiqueta o versión no válida.
err-commons-reason = Indique un motivo de 2000 caracteres como máximo.
