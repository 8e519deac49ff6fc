# Bienes comunes: importación masiva, retirada de un archivo del historial, borrado desde las páginas.
ledger-kind-commons-file-purged = Archivo retirado del historial de un repositorio
err-commons-message = Indique un mensaje de commit.
err-commons-purge-path = Ninguna revisión de este repositorio contiene un archivo en esta ruta.
commons-danger = Eliminar
commons-delete-repo = Eliminar el repositorio
commons-delete-repo-help = Se elimina el repositorio para siempre, con todo su historial, sus ramas y sus etiquetas. Sus publicaciones permanecen en el registro.
commons-delete-confirm = Escriba { $name } para confirmar
err-commons-delete-confirm = Escriba exactamente el nombre del repositorio para confirmar.
commons-delete-branch = Eliminar la rama
commons-delete-tag = Eliminar la etiqueta
commons-repo-deleted = Se eliminó el repositorio.
