<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="es_CL" sourcelanguage="es_CL">
<context>
    <name />
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="43" />
        <source>No se pueden guardar cambios en «{name}».</source>
        <translation>No se pueden guardar cambios en «{name}».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="44" />
        <source>«{name}» está abierta en otra ventana.</source>
        <translation>«{name}» está abierta en otra ventana.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="45" />
        <source>El disco está lleno.</source>
        <translation>El disco está lleno.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="46" />
        <source>No se puede abrir «{name}».</source>
        <translation>No se puede abrir «{name}».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="55" />
        <source>(Carpeta: {folder}.)</source>
        <translation>(Carpeta: {folder}.)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="86" />
        <source>Lo mejor es instalar la versión más reciente de la aplicación.</source>
        <translation>Lo mejor es instalar la versión más reciente de la aplicación.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="76" />
        <source>Restaurar la copia del {when}</source>
        <translation>Restaurar la copia del {when}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="79" />
        <source>Elegir otra copia…</source>
        <translation>Elegir otra copia…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="82" />
        <source>Si la restaura, el archivo actual no se borra: queda guardado junto a él como «{stem}.antes-de-restaurar-…».</source>
        <translation>Si la restaura, el archivo actual no se borra: queda guardado junto a él como «{stem}.antes-de-restaurar-…».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="89" />
        <source>Hay una copia de seguridad en buen estado del {when} ({forms} formulario(s)).</source>
        <translation>Hay una copia de seguridad en buen estado del {when} ({forms} formulario(s)).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="93" />
        <source>No hay copias de seguridad en buen estado de esta base de datos. El archivo no se modificó.</source>
        <translation>No hay copias de seguridad en buen estado de esta base de datos. El archivo no se modificó.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="96" />
        <source>Libere espacio (por ejemplo, vacíe la papelera) y pulse «Reintentar».</source>
        <translation>Libere espacio (por ejemplo, vacíe la papelera) y pulse «Reintentar».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="98" />
        <source>Sus datos no se han perdido; además, la última copia de seguridad es del {when}.</source>
        <translation>Sus datos no se han perdido; además, la última copia de seguridad es del {when}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="100" />
        <location filename="../../sernam_desktop/ui/recovery.py" line="112" />
        <source>Reintentar</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="102" />
        <source>Puede abrirla solo para lectura: consultar, imprimir y exportar.</source>
        <translation>Puede abrirla solo para lectura: consultar, imprimir y exportar.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="103" />
        <source>Abrir solo para lectura</source>
        <translation>Abrir solo para lectura</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="107" />
        <source>También puede volver a la copia de seguridad del {when} ({forms} formulario(s)), que sí se podrá modificar.</source>
        <translation>También puede volver a la copia de seguridad del {when} ({forms} formulario(s)), que sí se podrá modificar.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="113" />
        <source>Cancelar</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="169" />
        <source> El archivo anterior se guardó como «{name}».</source>
        <translation> El archivo anterior se guardó como «{name}».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/recovery.py" line="173" />
        <source>Se restauró la copia de seguridad del {when}.</source>
        <translation>Se restauró la copia de seguridad del {when}.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="367" />
        <source>Ocurrió un error inesperado. Lo que ya estaba guardado no se pierde; si el problema se repite, envíe a soporte el archivo {0}.</source>
        <translation>Ocurrió un error inesperado. Lo que ya estaba guardado no se pierde; si el problema se repite, envíe a soporte el archivo {0}.</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="132" />
        <source>La base de datos se abrió solo para lectura.</source>
        <translation>La base de datos se abrió solo para lectura.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="264" />
        <source>Elija la región del formulario.</source>
        <translation>Elija la región del formulario.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="289" />
        <source>Abrir un archivo</source>
        <translation>Abrir un archivo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="290" />
        <source>Formularios (*.sqlite3 *.json);;Bases de datos (*.sqlite3);;Formularios exportados (*.json);;Todos los archivos (*)</source>
        <translation>Formularios (*.sqlite3 *.json);;Bases de datos (*.sqlite3);;Formularios exportados (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="300" />
        <source>Abra primero una base de datos en la que se pueda escribir.</source>
        <translation>Abra primero una base de datos en la que se pueda escribir.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="316" />
        <source>El modo oficina central no está disponible en esta versión.</source>
        <translation>El modo oficina central no está disponible en esta versión.</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="62" />
        <source>Copias de seguridad</source>
        <translation>Copias de seguridad</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="67" />
        <source>Copias automáticas de «{name}». Se hace una al abrir la base de datos y otra cada cierto tiempo mientras trabaja; se conservan las más recientes. Al restaurar una copia, la base de datos actual no se borra: queda guardada aparte.</source>
        <translation>Copias automáticas de «{name}». Se hace una al abrir la base de datos y otra cada cierto tiempo mientras trabaja; se conservan las más recientes. Al restaurar una copia, la base de datos actual no se borra: queda guardada aparte.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="77" />
        <source>Fecha</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="77" />
        <source>Tamaño</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="77" />
        <source>Formularios</source>
        <translation>Formularios</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="77" />
        <source>Estado</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="91" />
        <source>Todavía no hay copias de seguridad de esta base de datos.</source>
        <translation>Todavía no hay copias de seguridad de esta base de datos.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="96" />
        <source>Restaurar…</source>
        <translation>Restaurar…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="99" />
        <source>Hacer copia ahora</source>
        <translation>Hacer copia ahora</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="102" />
        <source>Abrir carpeta de copias</source>
        <translation>Abrir carpeta de copias</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="111" />
        <source>Cerrar</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="123" />
        <source>En buen estado</source>
        <translation>En buen estado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="123" />
        <source>Dañada: {p}</source>
        <translation>Dañada: {p}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="158" />
        <source>Restaurar copia de seguridad</source>
        <translation>Restaurar copia de seguridad</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="160" />
        <source>¿Reemplazar la base de datos por la copia del {when} ({forms} formulario(s))?

La base de datos actual no se borra: se guardará junto a ella como «{stem}.antes-de-restaurar-…». Los cambios hechos después de la copia quedarán solo en ese archivo.</source>
        <translation>¿Reemplazar la base de datos por la copia del {when} ({forms} formulario(s))?

La base de datos actual no se borra: se guardará junto a ella como «{stem}.antes-de-restaurar-…». Los cambios hechos después de la copia quedarán solo en ese archivo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="178" />
        <source> La base de datos anterior se guardó como «{name}».</source>
        <translation> La base de datos anterior se guardó como «{name}».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="181" />
        <source>Copia restaurada</source>
        <translation>Copia restaurada</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="182" />
        <source>Se restauró la copia del {when}.</source>
        <translation>Se restauró la copia del {when}.</translation>
    </message>
</context>
<context>
    <name>CentralWindow</name>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="89" />
        <source>Oficina central — {0}</source>
        <translation>Oficina central — {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="99" />
        <source>Acciones</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="104" />
        <source>Incorporar envíos…</source>
        <translation>Incorporar envíos…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="107" />
        <source>Incorporar carpeta…</source>
        <translation>Incorporar carpeta…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="109" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="406" />
        <source>Ver formulario</source>
        <translation>Ver formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="111" />
        <source>Exportar informe consolidado…</source>
        <translation>Exportar informe consolidado…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="116" />
        <source>  Año: </source>
        <translation>  Año: </translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="126" />
        <source>Seguimiento de las regiones</source>
        <translation>Seguimiento de las regiones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="136" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="161" />
        <source>Región</source>
        <translation>Región</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="136" />
        <source>Situación</source>
        <translation>Situación</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="136" />
        <source>Formularios</source>
        <translation>Formularios</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="137" />
        <source>Revisión</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="137" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="231" />
        <source>Recibido</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="137" />
        <source>Estado</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="138" />
        <source>Completos</source>
        <translation>Completos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="138" />
        <source>Datos faltantes</source>
        <translation>Datos faltantes</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="138" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="182" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="311" />
        <source>Conflictos</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="149" />
        <source>Fecha</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="149" />
        <source>Archivo</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="149" />
        <source>Resultado</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="149" />
        <source>Detalle</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="153" />
        <source>Registro de importaciones</source>
        <translation>Registro de importaciones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="161" />
        <source>N°</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="161" />
        <source>Servicio</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="161" />
        <source>Tipo</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="162" />
        <source>Versión A</source>
        <translation>Versión A</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="162" />
        <source>Versión B</source>
        <translation>Versión B</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="168" />
        <source>Ver versión A</source>
        <translation>Ver versión A</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="169" />
        <source>Ver versión B</source>
        <translation>Ver versión B</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="170" />
        <source>Usar versión A como oficial</source>
        <translation>Usar versión A como oficial</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="171" />
        <source>Usar versión B como oficial</source>
        <translation>Usar versión B como oficial</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="190" />
        <source>Arrastre aquí los envíos (.sernam) o una carpeta que los contenga. Doble clic en una región para ver su formulario. Nada se borra: cada revisión recibida queda en el historial.</source>
        <translation>Arrastre aquí los envíos (.sernam) o una carpeta que los contenga. Doble clic en una región para ver su formulario. Nada se borra: cada revisión recibida queda en el historial.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="195" />
        <source>Base central: {0}</source>
        <translation>Base central: {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="231" />
        <source>Falta</source>
        <translation>Falta</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="232" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="273" />
        <source>Conflicto</source>
        <translation>Conflicto</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="244" />
        <source>{0} de {1}</source>
        <translation>{0} de {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="253" />
        <source>Todavía no se ha incorporado ningún envío. Arrastre aquí los archivos .sernam que enviaron las regiones.</source>
        <translation>Todavía no se ha incorporado ningún envío. Arrastre aquí los archivos .sernam que enviaron las regiones.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="257" />
        <source>Año {0}: {1} de 16 regiones con formulario · {2} sin envío · {3} conflicto(s) por resolver · {4} versión(es) en el historial.</source>
        <translation>Año {0}: {1} de 16 regiones con formulario · {2} sin envío · {3} conflicto(s) por resolver · {4} versión(es) en el historial.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="272" />
        <source>Aceptado</source>
        <translation>Aceptado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="272" />
        <source>Duplicado</source>
        <translation>Duplicado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="273" />
        <source>Anterior</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="274" />
        <source>Rechazado</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="295" />
        <source>Misma revisión con distinto contenido</source>
        <translation>Misma revisión con distinto contenido</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="296" />
        <source>Dos formularios del mismo servicio, región y año</source>
        <translation>Dos formularios del mismo servicio, región y año</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="303" />
        <source>revisión {0}, recibida {1}</source>
        <translation>revisión {0}, recibida {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="305" />
        <source>Archivo «{0}», formulario {1}, exportado {2}</source>
        <translation>Archivo «{0}», formulario {1}, exportado {2}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="310" />
        <source>Conflictos ({0})</source>
        <translation>Conflictos ({0})</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="349" />
        <source>aceptado(s)</source>
        <translation>aceptado(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="349" />
        <source>duplicado(s)</source>
        <translation>duplicado(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="350" />
        <source>anterior(es)</source>
        <translation>anterior(es)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="350" />
        <source>en conflicto</source>
        <translation>en conflicto</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="351" />
        <source>rechazado(s)</source>
        <translation>rechazado(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="353" />
        <source>Envíos incorporados: {0}.</source>
        <translation>Envíos incorporados: {0}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="359" />
        <source>Incorporar envíos regionales</source>
        <translation>Incorporar envíos regionales</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="360" />
        <source>Envíos de sernam-desktop (*{0});;Todos los archivos (*)</source>
        <translation>Envíos de sernam-desktop (*{0});;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="366" />
        <source>Carpeta con envíos regionales</source>
        <translation>Carpeta con envíos regionales</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="406" />
        <source>Esta región tiene varios formularios:</source>
        <translation>Esta región tiene varios formularios:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="416" />
        <source>{0} — {1}, revisión {2} (solo lectura)</source>
        <translation>{0} — {1}, revisión {2} (solo lectura)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="419" />
        <source> · revisión {0}, recibida {1}</source>
        <translation> · revisión {0}, recibida {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="440" />
        <source> · versión {0} del conflicto {1}</source>
        <translation> · versión {0} del conflicto {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="450" />
        <source>Elegir versión oficial</source>
        <translation>Elegir versión oficial</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="451" />
        <source>¿Usar la versión {0} (revisión {1}, archivo «{2}») como la oficial de {3}? La otra versión se conserva en el historial.</source>
        <translation>¿Usar la versión {0} (revisión {1}, archivo «{2}») como la oficial de {3}? La otra versión se conserva en el historial.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="463" />
        <source>Conflicto {0} resuelto.</source>
        <translation>Conflicto {0} resuelto.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="472" />
        <source>Exportar informe consolidado</source>
        <translation>Exportar informe consolidado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="473" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="491" />
        <source>Informe consolidado escrito: {0} y {1}.</source>
        <translation>Informe consolidado escrito: {0} y {1}.</translation>
    </message>
</context>
<context>
    <name>ChoiceDelegate</name>
    <message>
        <location filename="../../sernam_desktop/ui/delegates.py" line="171" />
        <source>— sin estado —</source>
        <translation>— sin estado —</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_fields.py" line="45" />
        <source>— elija la región —</source>
        <translation>— elija la región —</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_fields.py" line="106" />
        <source>Aún no se guarda: {0}</source>
        <translation>Aún no se guarda: {0}</translation>
    </message>
</context>
<context>
    <name>FieldsScreen</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_fields.py" line="158" />
        <source>Objetivo {0}: {1}</source>
        <translation>Objetivo {0}: {1}</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="65" />
        <source>Buscar:</source>
        <translation>Buscar:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="68" />
        <source>texto a buscar en todo el formulario</source>
        <translation>texto a buscar en todo el formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="71" />
        <source>Anterior</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="72" />
        <source>Siguiente</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="80" />
        <source>Cerrar la búsqueda (Esc)</source>
        <translation>Cerrar la búsqueda (Esc)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="112" />
        <source>Sin resultados</source>
        <translation>Sin resultados</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="114" />
        <source>{0} resultado(s)</source>
        <translation>{0} resultado(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="116" />
        <source>{0} de {1}</source>
        <translation>{0} de {1}</translation>
    </message>
</context>
<context>
    <name>FormTableModel</name>
    <message>
        <location filename="../../sernam_desktop/ui/table_model.py" line="99" />
        <source>Falta «%1»</source>
        <translation>Falta «%1»</translation>
    </message>
</context>
<context>
    <name>FormViewDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="88" />
        <source>Cerrar</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="125" />
        <source>Todos los cambios se guardan automáticamente</source>
        <translation>Todos los cambios se guardan automáticamente</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="164" />
        <source>Deshacer</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="166" />
        <source>Rehacer</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="168" />
        <source>Buscar…</source>
        <translation>Buscar…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="170" />
        <source>Busca un texto en todo el formulario</source>
        <translation>Busca un texto en todo el formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="171" />
        <source>Buscar siguiente</source>
        <translation>Buscar siguiente</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="174" />
        <source>Marcar como enviado</source>
        <translation>Marcar como enviado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="175" />
        <source>Registra que esta revisión fue enviada a la oficina central</source>
        <translation>Registra que esta revisión fue enviada a la oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="176" />
        <source>Acerca de…</source>
        <translation>Acerca de…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="177" />
        <source>Salir</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="178" />
        <source>Letra más grande</source>
        <translation>Letra más grande</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="180" />
        <source>Letra más pequeña</source>
        <translation>Letra más pequeña</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="182" />
        <source>Tamaño de letra normal</source>
        <translation>Tamaño de letra normal</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="185" />
        <source>Pestaña siguiente</source>
        <translation>Pestaña siguiente</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="189" />
        <source>Pestaña anterior</source>
        <translation>Pestaña anterior</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="195" />
        <source>&amp;Archivo</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="197" />
        <source>Inicio (nuevo formulario, ejemplo, recientes)…</source>
        <translation>Inicio (nuevo formulario, ejemplo, recientes)…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="200" />
        <source>Abrir archivo…</source>
        <translation>Abrir archivo…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="204" />
        <source>Exportar PDF…</source>
        <translation>Exportar PDF…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="205" />
        <source>Guarda el formulario como PDF</source>
        <translation>Guarda el formulario como PDF</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="206" />
        <source>Abrir PDF</source>
        <translation>Abrir PDF</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="207" />
        <source>Abre el PDF del formulario en el visor</source>
        <translation>Abre el PDF del formulario en el visor</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="209" />
        <source>Exportar Excel…</source>
        <translation>Exportar Excel…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="211" />
        <source>Importar Excel…</source>
        <translation>Importar Excel…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="213" />
        <source>Exportar JSON…</source>
        <translation>Exportar JSON…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="216" />
        <source>Enviar a oficina central…</source>
        <translation>Enviar a oficina central…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="217" />
        <source>Prepara el archivo de envío y un borrador de correo para la oficina central</source>
        <translation>Prepara el archivo de envío y un borrador de correo para la oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="221" />
        <source>Restaurar copia de seguridad…</source>
        <translation>Restaurar copia de seguridad…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="226" />
        <source>&amp;Editar</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="233" />
        <source>Preferencias…</source>
        <translation>Preferencias…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="236" />
        <source>&amp;Formulario</source>
        <translation>&amp;Formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="241" />
        <source>Generar borrador del informe ejecutivo…</source>
        <translation>Generar borrador del informe ejecutivo…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="244" />
        <source>&amp;Ver</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="246" />
        <source>Panel de problemas</source>
        <translation>Panel de problemas</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="255" />
        <source>A&amp;yuda</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="258" />
        <source>Principal</source>
        <translation>Principal</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="274" />
        <source>Guardado {0}</source>
        <translation>Guardado {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="292" />
        <source>revisión {0}</source>
        <translation>revisión {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="296" />
        <source>Borrador: falta información. Completo: no falta nada. Enviado: la revisión fue enviada a la oficina central; si la edita se abre una nueva revisión.</source>
        <translation>Borrador: falta información. Completo: no falta nada. Enviado: la revisión fue enviada a la oficina central; si la edita se abre una nueva revisión.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="300" />
        <source>Este formulario fue enviado a la oficina central (revisión {0}). Si lo modifica, se abrirá la revisión {1}, que deberá enviar de nuevo.</source>
        <translation>Este formulario fue enviado a la oficina central (revisión {0}). Si lo modifica, se abrirá la revisión {1}, que deberá enviar de nuevo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="310" />
        <source>(sin servicio)</source>
        <translation>(sin servicio)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="331" />
        <source>… y {0} más</source>
        <translation>… y {0} más</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="336" />
        <source>{0}: completo</source>
        <translation>{0}: completo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="407" />
        <source>Datos sin guardar</source>
        <translation>Datos sin guardar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="408" />
        <source>Estos datos no se han guardado porque aún no son válidos:
{0}

¿Cerrar de todos modos? Se perderán.</source>
        <translation>Estos datos no se han guardado porque aún no son válidos:
{0}

¿Cerrar de todos modos? Se perderán.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="451" />
        <source>Acerca de {0}</source>
        <translation>Acerca de {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="452" />
        <source>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;Versión {1}&lt;/p&gt;&lt;p&gt;Formulario Etapa N°4 — Presentación Información servicios desconcentrados (PMG Gestión Territorial), Servicio Nacional de la Mujer.&lt;/p&gt;&lt;p&gt;Funciona sin conexión: cada cambio se guarda al instante en el equipo.&lt;/p&gt;&lt;p&gt;Base de datos: {2}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;Versión {1}&lt;/p&gt;&lt;p&gt;Formulario Etapa N°4 — Presentación Información servicios desconcentrados (PMG Gestión Territorial), Servicio Nacional de la Mujer.&lt;/p&gt;&lt;p&gt;Funciona sin conexión: cada cambio se guarda al instante en el equipo.&lt;/p&gt;&lt;p&gt;Base de datos: {2}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="458" />
        <source>(en memoria)</source>
        <translation>(en memoria)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="491" />
        <source>No se pudo completar la operación: {0}.</source>
        <translation>No se pudo completar la operación: {0}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="506" />
        <source>Exportar PDF</source>
        <translation>Exportar PDF</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="506" />
        <source>Documentos PDF (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="512" />
        <source>PDF guardado en {0}</source>
        <translation>PDF guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="528" />
        <source>Exportar Excel</source>
        <translation>Exportar Excel</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="529" />
        <location filename="../../sernam_desktop/ui/main_window.py" line="541" />
        <source>Libros de Excel (*.xlsx)</source>
        <translation>Libros de Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="535" />
        <source>Excel guardado en {0}</source>
        <translation>Excel guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="540" />
        <location filename="../../sernam_desktop/ui/main_window.py" line="550" />
        <location filename="../../sernam_desktop/ui/main_window.py" line="559" />
        <source>Importar Excel</source>
        <translation>Importar Excel</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="551" />
        <source>El libro corresponde a otro formulario. ¿Reemplazar igualmente el contenido de este formulario con el del libro?

Puede deshacerlo con Ctrl+Z.</source>
        <translation>El libro corresponde a otro formulario. ¿Reemplazar igualmente el contenido de este formulario con el del libro?

Puede deshacerlo con Ctrl+Z.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="561" />
        <source>Contenido importado de {0}</source>
        <translation>Contenido importado de {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="566" />
        <source>Exportar JSON</source>
        <translation>Exportar JSON</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="566" />
        <source>Archivos JSON (*.json)</source>
        <translation>Archivos JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="572" />
        <source>JSON guardado en {0}</source>
        <translation>JSON guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="582" />
        <source>Enviar a oficina central</source>
        <translation>Enviar a oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="583" />
        <source>Se preparó el envío:

{0}

Y un borrador de correo para {1}:
{2}

Adjunte el archivo al correo (o cópielo en un pendrive). Se abrirá la carpeta.</source>
        <translation>Se preparó el envío:

{0}

Y un borrador de correo para {1}:
{2}

Adjunte el archivo al correo (o cópielo en un pendrive). Se abrirá la carpeta.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="28" />
        <source>Preferencias</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="39" />
        <source>A quién se dirige el correo de «Enviar a oficina central».</source>
        <translation>A quién se dirige el correo de «Enviar a oficina central».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="42" />
        <source>Carta</source>
        <translation>Carta</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="43" />
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="48" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="54" />
        <source>Correo de la oficina central:</source>
        <translation>Correo de la oficina central:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="55" />
        <source>Tamaño de papel del PDF:</source>
        <translation>Tamaño de papel del PDF:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="56" />
        <source>Copia de seguridad cada:</source>
        <translation>Copia de seguridad cada:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="57" />
        <source>Copias que se conservan:</source>
        <translation>Copias que se conservan:</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../../sernam_desktop/ui/problems.py" line="22" />
        <source>Problemas</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/problems.py" line="45" />
        <source>No falta nada: el formulario está completo.</source>
        <translation>No falta nada: el formulario está completo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/problems.py" line="48" />
        <source>Falta completar {0} dato(s). Haga clic en uno para ir a él.</source>
        <translation>Falta completar {0} dato(s). Haga clic en uno para ir a él.</translation>
    </message>
</context>
<context>
    <name>ReportScreen</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="20" />
        <source>Generar borrador desde las actividades</source>
        <translation>Generar borrador desde las actividades</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="23" />
        <source>Escribe el informe a partir de las Actividades 1.1 a 1.4: logros de las filas que cumplen o incorporan, recomendaciones y dificultades de la 1.4 y brechas de la 1.3. Se puede deshacer con Ctrl+Z.</source>
        <translation>Escribe el informe a partir de las Actividades 1.1 a 1.4: logros de las filas que cumplen o incorporan, recomendaciones y dificultades de la 1.4 y brechas de la 1.3. Se puede deshacer con Ctrl+Z.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="30" />
        <source>Propone un texto a partir de las actividades; revíselo y complételo.</source>
        <translation>Propone un texto a partir de las actividades; revíselo y complételo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="45" />
        <source>Generar borrador</source>
        <translation>Generar borrador</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="46" />
        <source>El borrador reemplazará el texto que ya escribió en:

{0}

¿Continuar? (Puede deshacerlo con Ctrl+Z.)</source>
        <translation>El borrador reemplazará el texto que ya escribió en:

{0}

¿Continuar? (Puede deshacerlo con Ctrl+Z.)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="53" />
        <source>Generar borrador del informe ejecutivo</source>
        <translation>Generar borrador del informe ejecutivo</translation>
    </message>
</context>
<context>
    <name>TableScreen</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="103" />
        <source>Objetivo {0}: {1}</source>
        <translation>Objetivo {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="151" />
        <source>Agregar fila</source>
        <translation>Agregar fila</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="152" />
        <source>Agrega una fila al final de la tabla</source>
        <translation>Agrega una fila al final de la tabla</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="153" />
        <source>Insertar fila arriba</source>
        <translation>Insertar fila arriba</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="154" />
        <source>Inserta una fila sobre la fila actual</source>
        <translation>Inserta una fila sobre la fila actual</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="155" />
        <source>Duplicar</source>
        <translation>Duplicar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="156" />
        <source>Copia la fila actual debajo de ella</source>
        <translation>Copia la fila actual debajo de ella</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="157" />
        <source>Subir</source>
        <translation>Subir</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="158" />
        <source>Mueve la fila actual hacia arriba</source>
        <translation>Mueve la fila actual hacia arriba</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="159" />
        <source>Bajar</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="160" />
        <source>Mueve la fila actual hacia abajo</source>
        <translation>Mueve la fila actual hacia abajo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="162" />
        <source>Eliminar fila…</source>
        <translation>Eliminar fila…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="163" />
        <source>Elimina la fila actual (pide confirmación)</source>
        <translation>Elimina la fila actual (pide confirmación)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="167" />
        <source>Escriba directamente en la celda; Intro termina, Ctrl+Intro agrega una línea, Tab pasa a la celda siguiente. Los cambios se guardan solos.</source>
        <translation>Escriba directamente en la celda; Intro termina, Ctrl+Intro agrega una línea, Tab pasa a la celda siguiente. Los cambios se guardan solos.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="271" />
        <source>Eliminar fila</source>
        <translation>Eliminar fila</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="272" />
        <source>¿Eliminar la fila {0} de {1}?

Puede deshacerlo con Ctrl+Z.</source>
        <translation>¿Eliminar la fila {0} de {1}?

Puede deshacerlo con Ctrl+Z.</translation>
    </message>
</context>
<context>
    <name>WelcomeWindow</name>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="45" />
        <source>Inicio — {0}</source>
        <translation>Inicio — {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="53" />
        <source>Versión {0}.</source>
        <translation>Versión {0}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="63" />
        <source>Nuevo formulario</source>
        <translation>Nuevo formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="69" />
        <source>Nombre del servicio</source>
        <translation>Nombre del servicio</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="72" />
        <source>— elija la región —</source>
        <translation>— elija la región —</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="80" />
        <source>&amp;Servicio:</source>
        <translation>&amp;Servicio:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="81" />
        <source>&amp;Región:</source>
        <translation>&amp;Región:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="82" />
        <source>&amp;Año:</source>
        <translation>&amp;Año:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="83" />
        <source>Crear formulario</source>
        <translation>Crear formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="90" />
        <source>Otras opciones</source>
        <translation>Otras opciones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="92" />
        <source>Abrir el ejemplo (formulario nacional 2007)</source>
        <translation>Abrir el ejemplo (formulario nacional 2007)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="95" />
        <source>Abrir un archivo…</source>
        <translation>Abrir un archivo…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="98" />
        <source>Una base de datos de sernam-desktop (.sqlite3) o un formulario exportado (.json)</source>
        <translation>Una base de datos de sernam-desktop (.sqlite3) o un formulario exportado (.json)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="100" />
        <source>Modo oficina central (consolidar regiones)</source>
        <translation>Modo oficina central (consolidar regiones)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="110" />
        <source>Formularios en esta base de datos</source>
        <translation>Formularios en esta base de datos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="116" />
        <source>{0} · {1} · {2} — {3}, revisión {4}</source>
        <translation>{0} · {1} · {2} — {3}, revisión {4}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="126" />
        <source>Archivo: {0}</source>
        <translation>Archivo: {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="132" />
        <source>Archivos recientes</source>
        <translation>Archivos recientes</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="150" />
        <source>Todo lo que escriba se guarda al instante en este equipo; no necesita conexión a Internet. Cuando el formulario esté completo, use «Enviar a oficina central» para preparar el archivo de envío.</source>
        <translation>Todo lo que escriba se guarda al instante en este equipo; no necesita conexión a Internet. Cuando el formulario esté completo, use «Enviar a oficina central» para preparar el archivo de envío.</translation>
    </message>
</context>
</TS>