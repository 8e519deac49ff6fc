# Trabajo de cumplimiento sobre las obligaciones de un sistema (páginas /systems/{id}/work y /work).
work-title = Trabajo de cumplimiento
work-link = Trabajo de cumplimiento: responsables, plazos, evidencias
work-intro = Cada obligación de la última evaluación puede asignarse a una persona con un plazo, trabajarse, documentarse con archivos de evidencia y aprobarse por un revisor que no la haya presentado.
work-dashboard-title = Trabajo de cumplimiento pendiente
work-dashboard-intro = Elementos abiertos que usted puede ver, contados al
work-calendar = Plazos como calendario (iCalendar)
work-assign = Asignar
work-obligations = Obligaciones
work-field-obligation = Obligación
work-field-assignee = Responsable (nombre de usuario)
work-field-due = Plazo
work-field-status = Estado
work-field-comment = Comentario
work-field-file = Archivo de evidencia
work-col-assessed = Evaluación
work-not-assessed = Ya no figura en la última evaluación
work-nobody = Nadie todavía
work-overdue = Vencido
work-due-soon = Vence en 30 días
work-due-30 = Vence en 30 días
work-open = Abiertos
work-move = Registrar el paso
work-evidence-add = Adjuntar evidencia
work-item-status-open = Abierto
work-item-status-in-progress = En curso
work-item-status-submitted = Presentado para revisión
work-item-status-accepted = Aceptado
work-item-status-returned = Devuelto
work-history = Historial
work-history-none = Todavía no ha pasado nada.
work-kind-assigned = Asignado
work-kind-status = Paso
work-kind-comment = Comentario
work-kind-evidence = Evidencia
work-diff = Qué cambió desde la evaluación anterior
work-diff-none = No hay una evaluación anterior con la que comparar.
work-diff-same = No cambió nada.
work-diff-added = Obligación nueva
work-diff-removed = Obligación que desaparece
work-diff-status = Conclusión modificada
work-diff-class = Clase de riesgo
work-mine = Asignados a usted
work-mine-none = No tiene nada asignado.
work-by-institution = Por institución
work-by-state = Por Estado
work-group = Institución o Estado
work-err-step = Este paso no es posible desde el estado actual del elemento.
work-err-no-evidence = Adjunte al menos un archivo de evidencia antes de presentarlo para revisión.
work-err-no-comment = Explique el motivo en un comentario para devolver un elemento.
work-err-file-empty = Elija un archivo; no debe estar vacío.
work-err-file-too-large = El archivo supera el tamaño permitido para las evidencias.
work-err-file-type = Este tipo de archivo no se acepta como evidencia: use PDF, una imagen, un archivo de Office u OpenDocument, un archivo ZIP o texto.
work-err-file-content = El contenido del archivo no corresponde a su tipo.
work-err-obligation = Elija una obligación de la última evaluación.
work-err-assignee = Ningún usuario activo tiene este nombre de usuario.
work-err-date = Escriba una fecha con el formato AAAA-MM-DD.
work-err-comment-long = El comentario es demasiado largo (4000 caracteres como máximo).

# Cargas de marcos por encima del límite del nodo (problemas 413 de la API).
err-upload-too-large = El archivo enviado supera el tamaño que acepta este nodo.

# The framework upload form’s file picker.
fw-upload-choose = El documento como archivo (o péguelo abajo)
fw-err-upload-text = El archivo elegido no es texto UTF-8.
fw-kind-ciso-mapping-set = Conjunto de correspondencias (biblioteca de CISO Assistant)
fw-upload-jurisdiction = Jurisdicción
fw-upload-jurisdiction-help = Una biblioteca de marco de CISO Assistant no dice de quién son las normas que contiene: elija la jurisdicción para la que se carga. Los demás documentos llevan la suya.
fw-jurisdiction-intl = Internacional (INTL)
fw-jurisdiction-known = Jurisdicciones de los marcos cargados
fw-jurisdiction-countries = Países (ISO 3166-1)
fw-err-jurisdiction = Elija la jurisdicción de un marco cargado, un código de país ISO 3166-1 de dos letras o INTL.
fw-err-jurisdiction-kind = Solo una biblioteca de marco de CISO Assistant recibe una jurisdicción; este documento lleva la suya.

## The law in its own language, under a requirement on a framework page
fw-law-text = Texto oficial ({ $language })
fw-law-title = Título en la lengua original ({ $language })
