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
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="113" />
        <location filename="../../sernam_desktop/ui/years.py" line="119" />
        <source>Importar formulario Word</source>
        <translation>Importar formulario Word</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="114" />
        <source>Documentos de Word (*.docx);;Todos los archivos (*)</source>
        <translation>Documentos de Word (*.docx);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="119" />
        <source>Año del formulario:</source>
        <translation>Año del formulario:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="135" />
        <source>… y {0} más.</source>
        <translation>… y {0} más.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="137" />
        <source>Se importó el formulario, pero {0} texto(s) no se pudieron ubicar en el formulario; quedaron en la sección «Notas» para que los revise:

{1}</source>
        <translation>Se importó el formulario, pero {0} texto(s) no se pudieron ubicar en el formulario; quedaron en la sección «Notas» para que los revise:

{1}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="474" />
        <source>Ocurrió un error inesperado. Lo que ya estaba guardado no se pierde; si el problema se repite, envíe a soporte el archivo {0}.</source>
        <translation>Ocurrió un error inesperado. Lo que ya estaba guardado no se pierde; si el problema se repite, envíe a soporte el archivo {0}.</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="145" />
        <source>La base de datos se abrió solo para lectura.</source>
        <translation>La base de datos se abrió solo para lectura.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="216" />
        <source>Las copias de seguridad automáticas funcionan de nuevo.</source>
        <translation>Las copias de seguridad automáticas funcionan de nuevo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="224" />
        <source>No se pudo hacer la copia de seguridad automática: {0}</source>
        <translation>No se pudo hacer la copia de seguridad automática: {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="229" />
        <source>Las copias de seguridad automáticas fallaron {0} veces seguidas:
{1}

Sus cambios sí se guardan en el formulario, pero no hay una copia reciente. Revise el espacio libre en el disco y los permisos de la carpeta de copias «{2}».</source>
        <translation>Las copias de seguridad automáticas fallaron {0} veces seguidas:
{1}

Sus cambios sí se guardan en el formulario, pero no hay una copia reciente. Revise el espacio libre en el disco y los permisos de la carpeta de copias «{2}».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="329" />
        <source>Elija la región del formulario.</source>
        <translation>Elija la región del formulario.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="382" />
        <source>Abrir un archivo</source>
        <translation>Abrir un archivo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="383" />
        <source>Formularios (*.sqlite3 *.json);;Bases de datos (*.sqlite3);;Formularios exportados (*.json);;Todos los archivos (*)</source>
        <translation>Formularios (*.sqlite3 *.json);;Bases de datos (*.sqlite3);;Formularios exportados (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/app.py" line="358" />
        <location filename="../../sernam_desktop/ui/app.py" line="393" />
        <source>Abra primero una base de datos en la que se pueda escribir.</source>
        <translation>Abra primero una base de datos en la que se pueda escribir.</translation>
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
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="124" />
        <source>En buen estado</source>
        <translation>En buen estado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="126" />
        <source>Dañada: {p}</source>
        <translation>Dañada: {p}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="128" />
        <source>No se puede usar: {p}</source>
        <translation>No se puede usar: {p}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="163" />
        <source>Restaurar copia de seguridad</source>
        <translation>Restaurar copia de seguridad</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="165" />
        <source>¿Reemplazar la base de datos por la copia del {when} ({forms} formulario(s))?

La base de datos actual no se borra: se guardará junto a ella como «{stem}.antes-de-restaurar-…». Los cambios hechos después de la copia quedarán solo en ese archivo.</source>
        <translation>¿Reemplazar la base de datos por la copia del {when} ({forms} formulario(s))?

La base de datos actual no se borra: se guardará junto a ella como «{stem}.antes-de-restaurar-…». Los cambios hechos después de la copia quedarán solo en ese archivo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="183" />
        <source> La base de datos anterior se guardó como «{name}».</source>
        <translation> La base de datos anterior se guardó como «{name}».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="186" />
        <source>Copia restaurada</source>
        <translation>Copia restaurada</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/backup_dialog.py" line="187" />
        <source>Se restauró la copia del {when}.</source>
        <translation>Se restauró la copia del {when}.</translation>
    </message>
</context>
<context>
    <name>BundleDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="51" />
        <source>Envío regional — {0}</source>
        <translation>Envío regional — {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="53" />
        <source>Este archivo es un envío regional del Formulario Etapa N°4 (datos y PDF), preparado para la oficina central.</source>
        <translation>Este archivo es un envío regional del Formulario Etapa N°4 (datos y PDF), preparado para la oficina central.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="64" />
        <source>Región:</source>
        <translation>Región:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="65" />
        <source>Servicio:</source>
        <translation>Servicio:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="66" />
        <source>Año:</source>
        <translation>Año:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="67" />
        <source>Revisión:</source>
        <translation>Revisión:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="68" />
        <source>Estado:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="69" />
        <source>Preparado el:</source>
        <translation>Preparado el:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="78" />
        <source>Ver el formulario (solo lectura)</source>
        <translation>Ver el formulario (solo lectura)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="82" />
        <source>Incorporar en la oficina central</source>
        <translation>Incorporar en la oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="84" />
        <source>Agrega este envío a la consolidación nacional de este equipo.</source>
        <translation>Agrega este envío a la consolidación nacional de este equipo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="86" />
        <source>Abrir en modo oficina central…</source>
        <translation>Abrir en modo oficina central…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="88" />
        <source>Solo para la oficina central: este equipo aún no está configurado como tal (Preferencias).</source>
        <translation>Solo para la oficina central: este equipo aún no está configurado como tal (Preferencias).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="93" />
        <source>Cerrar</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="103" />
        <source>Modo oficina central</source>
        <translation>Modo oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/bundle_open.py" line="104" />
        <source>Este equipo no está configurado como oficina central. El modo oficina central crea en este equipo una base de datos nacional para consolidar los envíos de todas las regiones.

Si usted trabaja en una región, elija «No» y vea el envío en modo solo lectura.

¿Abrir el modo oficina central de todos modos?</source>
        <translation>Este equipo no está configurado como oficina central. El modo oficina central crea en este equipo una base de datos nacional para consolidar los envíos de todas las regiones.

Si usted trabaja en una región, elija «No» y vea el envío en modo solo lectura.

¿Abrir el modo oficina central de todos modos?</translation>
    </message>
</context>
<context>
    <name>CellPane</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="178" />
        <location filename="../../sernam_desktop/ui/screen_table.py" line="194" />
        <source>Texto de la celda</source>
        <translation>Texto de la celda</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="199" />
        <source>Texto de la celda — fila {0}, «{1}»</source>
        <translation>Texto de la celda — fila {0}, «{1}»</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="203" />
        <source>El estado se elige en la tabla (escriba su comienzo).</source>
        <translation>El estado se elige en la tabla (escriba su comienzo).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="204" />
        <source>F6 vuelve a la tabla; Esc deshace lo escrito aquí.</source>
        <translation>F6 vuelve a la tabla; Esc deshace lo escrito aquí.</translation>
    </message>
</context>
<context>
    <name>CentralWindow</name>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="98" />
        <source>Oficina central — {0}</source>
        <translation>Oficina central — {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="108" />
        <source>Acciones</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="511" />
        <source>Ver formulario</source>
        <translation>Ver formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="120" />
        <source>&amp;Incorporar envíos…</source>
        <translation>&amp;Incorporar envíos…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="122" />
        <source>Incorporar &amp;carpeta…</source>
        <translation>Incorporar &amp;carpeta…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="124" />
        <source>&amp;Ver formulario</source>
        <translation>&amp;Ver formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="125" />
        <source>&amp;Exportar informe consolidado…</source>
        <translation>&amp;Exportar informe consolidado…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="129" />
        <source>Informe con los &amp;textos completos</source>
        <translation>Informe con los &amp;textos completos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="132" />
        <source>Agrega al PDF del informe cada formulario completo, región por región, con marcadores por región y servicio. Sin esto, el PDF es el resumen por región; el Excel trae siempre todas las filas y textos.</source>
        <translation>Agrega al PDF del informe cada formulario completo, región por región, con marcadores por región y servicio. Sin esto, el PDF es el resumen por región; el Excel trae siempre todas las filas y textos.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="135" />
        <source>C&amp;errar</source>
        <translation>C&amp;errar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="136" />
        <source>&amp;Comparar versiones…</source>
        <translation>&amp;Comparar versiones…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="138" />
        <source>Ver versión &amp;A</source>
        <translation>Ver versión &amp;A</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="139" />
        <source>Ver versión &amp;B</source>
        <translation>Ver versión &amp;B</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="140" />
        <source>&amp;Usar versión A como oficial…</source>
        <translation>&amp;Usar versión A como oficial…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="142" />
        <source>Usar versión B como &amp;oficial…</source>
        <translation>Usar versión B como &amp;oficial…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="144" />
        <source>&amp;Regiones</source>
        <translation>&amp;Regiones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="145" />
        <source>Registro de &amp;importaciones</source>
        <translation>Registro de &amp;importaciones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="147" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="163" />
        <source>&amp;Conflictos</source>
        <translation>&amp;Conflictos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="149" />
        <source>&amp;Año…</source>
        <translation>&amp;Año…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="150" />
        <source>Ac&amp;tualizar</source>
        <translation>Ac&amp;tualizar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="153" />
        <source>&amp;Archivo</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="160" />
        <source>&amp;Región</source>
        <translation>&amp;Región</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="168" />
        <source>&amp;Ver</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="175" />
        <source>con textos</source>
        <translation>con textos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="182" />
        <source>Revisar envíos y acuses…</source>
        <translation>Revisar envíos y acuses…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="189" />
        <source>  Año: </source>
        <translation>  Año: </translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="201" />
        <source>Seguimiento de las regiones</source>
        <translation>Seguimiento de las regiones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="211" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="237" />
        <source>Región</source>
        <translation>Región</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="211" />
        <source>Situación</source>
        <translation>Situación</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="211" />
        <source>Formularios</source>
        <translation>Formularios</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="212" />
        <source>Revisión</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="212" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="312" />
        <source>Recibido</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="212" />
        <source>Estado</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="213" />
        <source>Completos</source>
        <translation>Completos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="213" />
        <source>Datos faltantes</source>
        <translation>Datos faltantes</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="213" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="263" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="397" />
        <source>Conflictos</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="225" />
        <source>Fecha</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="225" />
        <source>Archivo</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="225" />
        <source>Resultado</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="225" />
        <source>Detalle</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="229" />
        <source>Registro de importaciones</source>
        <translation>Registro de importaciones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="237" />
        <source>N°</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="237" />
        <source>Servicio</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="237" />
        <source>Tipo</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="238" />
        <source>Versión A</source>
        <translation>Versión A</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="238" />
        <source>Versión B</source>
        <translation>Versión B</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="246" />
        <source>Comparar versiones…</source>
        <translation>Comparar versiones…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="249" />
        <source>Ver versión A</source>
        <translation>Ver versión A</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="250" />
        <source>Ver versión B</source>
        <translation>Ver versión B</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="251" />
        <source>Usar versión A como oficial</source>
        <translation>Usar versión A como oficial</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="252" />
        <source>Usar versión B como oficial</source>
        <translation>Usar versión B como oficial</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="271" />
        <source>Arrastre aquí los envíos (.sernam) o una carpeta que los contenga. Doble clic o Intro en una región para ver su formulario. Nada se borra: cada revisión recibida queda en el historial.</source>
        <translation>Arrastre aquí los envíos (.sernam) o una carpeta que los contenga. Doble clic o Intro en una región para ver su formulario. Nada se borra: cada revisión recibida queda en el historial.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="390" />
        <source>rev. {0} · {1}</source>
        <translation>rev. {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="276" />
        <source>Base central: {0}</source>
        <translation>Base central: {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="312" />
        <source>Falta</source>
        <translation>Falta</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="313" />
        <location filename="../../sernam_desktop/ui/central_window.py" line="355" />
        <source>Conflicto</source>
        <translation>Conflicto</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="326" />
        <source>{0} de {1}</source>
        <translation>{0} de {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="335" />
        <source>Todavía no se ha incorporado ningún envío. Arrastre aquí los archivos .sernam que enviaron las regiones.</source>
        <translation>Todavía no se ha incorporado ningún envío. Arrastre aquí los archivos .sernam que enviaron las regiones.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="339" />
        <source>Año {0}: {1} de 16 regiones con formulario · {2} sin envío · {3} conflicto(s) por resolver · {4} versión(es) en el historial.</source>
        <translation>Año {0}: {1} de 16 regiones con formulario · {2} sin envío · {3} conflicto(s) por resolver · {4} versión(es) en el historial.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="354" />
        <source>Aceptado</source>
        <translation>Aceptado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="354" />
        <source>Duplicado</source>
        <translation>Duplicado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="355" />
        <source>Anterior</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="356" />
        <source>Rechazado</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="377" />
        <source>Misma revisión, otro contenido</source>
        <translation>Misma revisión, otro contenido</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="378" />
        <source>Misma revisión con distinto contenido</source>
        <translation>Misma revisión con distinto contenido</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="380" />
        <source>Dos formularios</source>
        <translation>Dos formularios</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="381" />
        <source>Dos formularios del mismo servicio, región y año</source>
        <translation>Dos formularios del mismo servicio, región y año</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="391" />
        <source>Archivo «{0}», formulario {1}, exportado {2}</source>
        <translation>Archivo «{0}», formulario {1}, exportado {2}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="396" />
        <source>Conflictos ({0})</source>
        <translation>Conflictos ({0})</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="422" />
        <source>Incorporando envíos…</source>
        <translation>Incorporando envíos…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="441" />
        <source>aceptado(s)</source>
        <translation>aceptado(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="441" />
        <source>duplicado(s)</source>
        <translation>duplicado(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="442" />
        <source>anterior(es)</source>
        <translation>anterior(es)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="442" />
        <source>en conflicto</source>
        <translation>en conflicto</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="443" />
        <source>rechazado(s)</source>
        <translation>rechazado(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="445" />
        <source>Envíos incorporados: {0}.</source>
        <translation>Envíos incorporados: {0}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="451" />
        <source>Incorporar envíos regionales</source>
        <translation>Incorporar envíos regionales</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="452" />
        <source>Envíos de sernam-desktop (*{0});;Todos los archivos (*)</source>
        <translation>Envíos de sernam-desktop (*{0});;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="458" />
        <source>Carpeta con envíos regionales</source>
        <translation>Carpeta con envíos regionales</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="507" />
        <source>{0} — revisión {1}, recibida {2} (versión {3}, formulario {4})</source>
        <translation>{0} — revisión {1}, recibida {2} (versión {3}, formulario {4})</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="511" />
        <source>Esta región tiene varios formularios:</source>
        <translation>Esta región tiene varios formularios:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="521" />
        <source>{0} — {1}, revisión {2} (solo lectura)</source>
        <translation>{0} — {1}, revisión {2} (solo lectura)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="524" />
        <source> · revisión {0}, recibida {1}</source>
        <translation> · revisión {0}, recibida {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="589" />
        <source> · versión {0} del conflicto {1}</source>
        <translation> · versión {0} del conflicto {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="599" />
        <source>Elegir versión oficial</source>
        <translation>Elegir versión oficial</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="600" />
        <source>¿Usar la versión {0} (revisión {1}, archivo «{2}») como la oficial de {3}? La otra versión se conserva en el historial.</source>
        <translation>¿Usar la versión {0} (revisión {1}, archivo «{2}») como la oficial de {3}? La otra versión se conserva en el historial.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="612" />
        <source>Conflicto {0} resuelto.</source>
        <translation>Conflicto {0} resuelto.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="649" />
        <source>Informe provisional</source>
        <translation>Informe provisional</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="650" />
        <source>El informe saldrá marcado PROVISIONAL en cada página:

{0}

La primera página lo explica. ¿Exportarlo de todos modos?</source>
        <translation>El informe saldrá marcado PROVISIONAL en cada página:

{0}

La primera página lo explica. ¿Exportarlo de todos modos?</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="656" />
        <source>Exportar informe consolidado</source>
        <translation>Exportar informe consolidado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="657" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="666" />
        <source>Preparando el informe consolidado…</source>
        <translation>Preparando el informe consolidado…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_window.py" line="679" />
        <source>Informe consolidado escrito: {0} y {1}.</source>
        <translation>Informe consolidado escrito: {0} y {1}.</translation>
    </message>
</context>
<context>
    <name>ChoiceDelegate</name>
    <message>
        <location filename="../../sernam_desktop/ui/delegates.py" line="364" />
        <source>— sin estado —</source>
        <translation>— sin estado —</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/delegates.py" line="368" />
        <source>{0}
Escriba el comienzo de las palabras («no m») y pulse Intro; Esc cancela.</source>
        <translation>{0}
Escriba el comienzo de las palabras («no m») y pulse Intro; Esc cancela.</translation>
    </message>
</context>
<context>
    <name>ConflictDiffDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="142" />
        <source>Conflicto {0} — comparar versiones</source>
        <translation>Conflicto {0} — comparar versiones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="153" />
        <location filename="../../sernam_desktop/ui/central_view.py" line="184" />
        <source>Versión A</source>
        <translation>Versión A</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="153" />
        <location filename="../../sernam_desktop/ui/central_view.py" line="185" />
        <source>Versión B</source>
        <translation>Versión B</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="173" />
        <source>{0} campo(s) o celda(s) distintos, marcados {1}.</source>
        <translation>{0} campo(s) o celda(s) distintos, marcados {1}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="176" />
        <source>Mostrar &amp;solo lo que difiere</source>
        <translation>Mostrar &amp;solo lo que difiere</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="184" />
        <source>Sección</source>
        <translation>Sección</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="184" />
        <source>Fila</source>
        <translation>Fila</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="184" />
        <source>Campo</source>
        <translation>Campo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="186" />
        <source>(la fila no existe en esta versión)</source>
        <translation>(la fila no existe en esta versión)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="218" />
        <source>Usar versión &amp;A como oficial…</source>
        <translation>Usar versión &amp;A como oficial…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="220" />
        <source>Usar versión &amp;B como oficial…</source>
        <translation>Usar versión &amp;B como oficial…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="223" />
        <source>Cerrar</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="227" />
        <source>F8: siguiente diferencia · Mayús+F8: anterior</source>
        <translation>F8: siguiente diferencia · Mayús+F8: anterior</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_fields.py" line="103" />
        <source>Calendario…</source>
        <translation>Calendario…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_fields.py" line="104" />
        <source>Elegir la fecha en un calendario (F4)</source>
        <translation>Elegir la fecha en un calendario (F4)</translation>
    </message>
</context>
<context>
    <name>DraftDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="41" />
        <source>Borrador del informe ejecutivo (propuesta)</source>
        <translation>Borrador del informe ejecutivo (propuesta)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="44" />
        <source>Resumen de las Actividades 1.1 a 1.4 para ayudarle a redactar. Revise y ajuste el texto; «Insertar» lo agrega a esa parte del informe (si ya tiene texto, se agrega a continuación). Ctrl+Z lo deshace.</source>
        <translation>Resumen de las Actividades 1.1 a 1.4 para ayudarle a redactar. Revise y ajuste el texto; «Insertar» lo agrega a esa parte del informe (si ya tiene texto, se agrega a continuación). Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="61" />
        <source>(No hay datos en las actividades para esta parte.)</source>
        <translation>(No hay datos en las actividades para esta parte.)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="68" />
        <source>Insertar en la parte {0}</source>
        <translation>Insertar en la parte {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="69" />
        <source>Insertar</source>
        <translation>Insertar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="71" />
        <source>Agrega este texto a «{0}»</source>
        <translation>Agrega este texto a «{0}»</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="83" />
        <source>Esta parte no se propone: la escribe usted. {0}</source>
        <translation>Esta parte no se propone: la escribe usted. {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="93" />
        <source>Cerrar</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="105" />
        <source>Insertar borrador en «{0}»</source>
        <translation>Insertar borrador en «{0}»</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="109" />
        <source>Insertado</source>
        <translation>Insertado</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_fields.py" line="162" />
        <source>— elija la región —</source>
        <translation>— elija la región —</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_fields.py" line="244" />
        <source>Aún no se guarda: {0}</source>
        <translation>Aún no se guarda: {0}</translation>
    </message>
</context>
<context>
    <name>FieldsScreen</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_fields.py" line="313" />
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
        <location filename="../../sernam_desktop/ui/find.py" line="119" />
        <source>Sin resultados</source>
        <translation>Sin resultados</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="121" />
        <source>{0} resultado(s)</source>
        <translation>{0} resultado(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/find.py" line="123" />
        <source>{0} de {1}</source>
        <translation>{0} de {1}</translation>
    </message>
</context>
<context>
    <name>FormSession</name>
    <message>
        <location filename="../../sernam_desktop/ui/session.py" line="202" />
        <source>Una tarea automática falló después del cambio ({0}); el cambio sí quedó guardado.</source>
        <translation>Una tarea automática falló después del cambio ({0}); el cambio sí quedó guardado.</translation>
    </message>
</context>
<context>
    <name>FormTableModel</name>
    <message>
        <location filename="../../sernam_desktop/ui/table_model.py" line="133" />
        <source>Falta «%1»</source>
        <translation>Falta «%1»</translation>
    </message>
</context>
<context>
    <name>FormViewDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/central_view.py" line="103" />
        <source>Cerrar</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="132" />
        <source>Pestañas</source>
        <translation>Pestañas</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="133" />
        <source>Lista de todas las pestañas con lo que falta en cada una</source>
        <translation>Lista de todas las pestañas con lo que falta en cada una</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="153" />
        <source>Todos los cambios se guardan automáticamente</source>
        <translation>Todos los cambios se guardan automáticamente</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="205" />
        <source>Deshacer</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="206" />
        <source>Rehacer</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="213" />
        <source>Guardar</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="214" />
        <source>Todo se guarda solo al escribir; esto lo confirma</source>
        <translation>Todo se guarda solo al escribir; esto lo confirma</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="218" />
        <source>Buscar…</source>
        <translation>Buscar…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="220" />
        <source>Busca un texto en todo el formulario</source>
        <translation>Busca un texto en todo el formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="221" />
        <source>Buscar siguiente</source>
        <translation>Buscar siguiente</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="224" />
        <source>Problema siguiente</source>
        <translation>Problema siguiente</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="225" />
        <source>Va al siguiente dato que falta</source>
        <translation>Va al siguiente dato que falta</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="227" />
        <source>Marcar como enviado</source>
        <translation>Marcar como enviado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="228" />
        <source>Registra que esta revisión fue enviada a la oficina central</source>
        <translation>Registra que esta revisión fue enviada a la oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="229" />
        <source>Acerca de…</source>
        <translation>Acerca de…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="230" />
        <source>Salir</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="231" />
        <source>Letra más grande</source>
        <translation>Letra más grande</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="233" />
        <source>Letra más pequeña</source>
        <translation>Letra más pequeña</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="235" />
        <source>Tamaño de letra normal</source>
        <translation>Tamaño de letra normal</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="238" />
        <source>Pestaña siguiente</source>
        <translation>Pestaña siguiente</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="242" />
        <source>Pestaña anterior</source>
        <translation>Pestaña anterior</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="248" />
        <source>&amp;Archivo</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="250" />
        <source>Inicio (nuevo formulario, ejemplo, recientes)…</source>
        <translation>Inicio (nuevo formulario, ejemplo, recientes)…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="253" />
        <source>Abrir archivo…</source>
        <translation>Abrir archivo…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="255" />
        <source>Nuevo año a partir de este formulario…</source>
        <translation>Nuevo año a partir de este formulario…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="258" />
        <source>Importar formulario Word…</source>
        <translation>Importar formulario Word…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="261" />
        <source>Exportar PDF…</source>
        <translation>Exportar PDF…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="262" />
        <source>Guarda el formulario como PDF</source>
        <translation>Guarda el formulario como PDF</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="263" />
        <source>Abrir PDF</source>
        <translation>Abrir PDF</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="264" />
        <source>Abre el PDF del formulario en el visor</source>
        <translation>Abre el PDF del formulario en el visor</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="265" />
        <source>Agregar anexo de estado de avance al PDF</source>
        <translation>Agregar anexo de estado de avance al PDF</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="267" />
        <source>Agrega al PDF, después del formulario, el estado de cada fila y sus gráficos (no es parte del formulario oficial)</source>
        <translation>Agrega al PDF, después del formulario, el estado de cada fila y sus gráficos (no es parte del formulario oficial)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="273" />
        <source>Exportar Excel…</source>
        <translation>Exportar Excel…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="275" />
        <source>Importar Excel…</source>
        <translation>Importar Excel…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="277" />
        <source>Exportar JSON…</source>
        <translation>Exportar JSON…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="279" />
        <source>Enviar a oficina central…</source>
        <translation>Enviar a oficina central…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="280" />
        <source>Prepara el archivo de envío y un borrador de correo para la oficina central</source>
        <translation>Prepara el archivo de envío y un borrador de correo para la oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="286" />
        <source>Guardar copia…</source>
        <translation>Guardar copia…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="287" />
        <source>Guarda una copia completa y revisada de la base de datos en otro archivo (por ejemplo, en un pendrive)</source>
        <translation>Guarda una copia completa y revisada de la base de datos en otro archivo (por ejemplo, en un pendrive)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="290" />
        <source>Restaurar copia de seguridad…</source>
        <translation>Restaurar copia de seguridad…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="295" />
        <source>&amp;Editar</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="304" />
        <source>Preferencias…</source>
        <translation>Preferencias…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="307" />
        <source>&amp;Formulario</source>
        <translation>&amp;Formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="310" />
        <source>Proponer borrador del informe ejecutivo…</source>
        <translation>Proponer borrador del informe ejecutivo…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="492" />
        <source>Borrador: falta información. Completo: no falta nada. Listo para enviar: se preparó el envío de esta revisión. Recibido / Devuelto con observaciones: lo que respondió la oficina central. Si la edita se abre una nueva revisión.</source>
        <translation>Borrador: falta información. Completo: no falta nada. Listo para enviar: se preparó el envío de esta revisión. Recibido / Devuelto con observaciones: lo que respondió la oficina central. Si la edita se abre una nueva revisión.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="867" />
        <source>El formulario quedó «Listo para enviar». Se preparó el envío:

{0}

Y un borrador de correo para {1}:
{2}

Adjunte el archivo al correo (o cópielo en un pendrive). Lo encontrará siempre en «Archivo › Envíos…». Se abrirá la carpeta.</source>
        <translation>El formulario quedó «Listo para enviar». Se preparó el envío:

{0}

Y un borrador de correo para {1}:
{2}

Adjunte el archivo al correo (o cópielo en un pendrive). Lo encontrará siempre en «Archivo › Envíos…». Se abrirá la carpeta.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="877" />
        <source>Guardar copia</source>
        <translation>Guardar copia</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="878" />
        <source>Bases de datos de sernam-desktop (*.sqlite3)</source>
        <translation>Bases de datos de sernam-desktop (*.sqlite3)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="884" />
        <source>Copia guardada en {0}</source>
        <translation>Copia guardada en {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="313" />
        <source>&amp;Ver</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="315" />
        <source>Panel de problemas</source>
        <translation>Panel de problemas</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="325" />
        <source>A&amp;yuda</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="328" />
        <source>Principal</source>
        <translation>Principal</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="349" />
        <source>Deshacer: {0} (Ctrl+Z)</source>
        <translation>Deshacer: {0} (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="350" />
        <source>Nada que deshacer (Ctrl+Z)</source>
        <translation>Nada que deshacer (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="351" />
        <source>Rehacer: {0} (Ctrl+Y)</source>
        <translation>Rehacer: {0} (Ctrl+Y)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="352" />
        <source>Nada que rehacer (Ctrl+Y)</source>
        <translation>Nada que rehacer (Ctrl+Y)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="396" />
        <source>Deshecho: {0}</source>
        <translation>Deshecho: {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="396" />
        <source>Rehecho: {0}</source>
        <translation>Rehecho: {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="408" />
        <source>Todo está guardado (último cambio guardado a las {0}).</source>
        <translation>Todo está guardado (último cambio guardado a las {0}).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="411" />
        <source>Todo está guardado (no hay cambios desde que se abrió).</source>
        <translation>Todo está guardado (no hay cambios desde que se abrió).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="419" />
        <source>No falta nada: el formulario está completo.</source>
        <translation>No falta nada: el formulario está completo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="425" />
        <source>Falta ({0} de {1}): {2}</source>
        <translation>Falta ({0} de {1}): {2}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="463" />
        <source>Guardado {0}</source>
        <translation>Guardado {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="488" />
        <source>revisión {0}</source>
        <translation>revisión {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="506" />
        <source>(sin servicio)</source>
        <translation>(sin servicio)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="526" />
        <source>… y {0} más</source>
        <translation>… y {0} más</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="528" />
        <source>{0}: completo</source>
        <translation>{0}: completo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="613" />
        <source>Datos sin guardar</source>
        <translation>Datos sin guardar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="614" />
        <source>Estos datos no se han guardado porque aún no son válidos:
{0}

¿Cerrar de todos modos? Se perderán.</source>
        <translation>Estos datos no se han guardado porque aún no son válidos:
{0}

¿Cerrar de todos modos? Se perderán.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="662" />
        <source>Tamaño de letra: {0} puntos</source>
        <translation>Tamaño de letra: {0} puntos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="671" />
        <source>Acerca de {0}</source>
        <translation>Acerca de {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="672" />
        <source>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;Versión {1}&lt;/p&gt;&lt;p&gt;Formulario Etapa N°4 — Presentación Información servicios desconcentrados (PMG Gestión Territorial), Servicio Nacional de la Mujer.&lt;/p&gt;&lt;p&gt;Funciona sin conexión: cada cambio se guarda al instante en el equipo.&lt;/p&gt;&lt;p&gt;Base de datos: {2}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;Versión {1}&lt;/p&gt;&lt;p&gt;Formulario Etapa N°4 — Presentación Información servicios desconcentrados (PMG Gestión Territorial), Servicio Nacional de la Mujer.&lt;/p&gt;&lt;p&gt;Funciona sin conexión: cada cambio se guarda al instante en el equipo.&lt;/p&gt;&lt;p&gt;Base de datos: {2}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="678" />
        <source>(en memoria)</source>
        <translation>(en memoria)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="721" />
        <source>No se pudo completar la operación: {0}.</source>
        <translation>No se pudo completar la operación: {0}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="749" />
        <source>Exportar PDF</source>
        <translation>Exportar PDF</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="749" />
        <source>Documentos PDF (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="756" />
        <source>PDF guardado en {0}</source>
        <translation>PDF guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="765" />
        <source>No se pudo preparar la carpeta temporal «{0}» ({1}).</source>
        <translation>No se pudo preparar la carpeta temporal «{0}» ({1}).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="778" />
        <source>Exportar Excel</source>
        <translation>Exportar Excel</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="779" />
        <location filename="../../sernam_desktop/ui/main_window.py" line="791" />
        <source>Libros de Excel (*.xlsx)</source>
        <translation>Libros de Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="785" />
        <source>Excel guardado en {0}</source>
        <translation>Excel guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="790" />
        <location filename="../../sernam_desktop/ui/main_window.py" line="803" />
        <location filename="../../sernam_desktop/ui/main_window.py" line="812" />
        <location filename="../../sernam_desktop/ui/main_window.py" line="816" />
        <location filename="../../sernam_desktop/ui/main_window.py" line="835" />
        <source>Importar Excel</source>
        <translation>Importar Excel</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="804" />
        <source>El libro corresponde a otro formulario. ¿Reemplazar igualmente el contenido de este formulario con el del libro?

Puede deshacerlo con Ctrl+Z.</source>
        <translation>El libro corresponde a otro formulario. ¿Reemplazar igualmente el contenido de este formulario con el del libro?

Puede deshacerlo con Ctrl+Z.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="814" />
        <source>Contenido importado de {0}</source>
        <translation>Contenido importado de {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="817" />
        <source>Excel había convertido {0} celda(s) en números, fechas o valores lógicos; se importaron como el texto que Excel mostraba. Revíselas:</source>
        <translation>Excel había convertido {0} celda(s) en números, fechas o valores lógicos; se importaron como el texto que Excel mostraba. Revíselas:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="836" />
        <source>El formulario cambió después de exportar este libro. Importarlo reemplazaría {0} valor(es) más recientes:

{1}

¿Importar igualmente? Puede deshacerlo con Ctrl+Z.</source>
        <translation>El formulario cambió después de exportar este libro. Importarlo reemplazaría {0} valor(es) más recientes:

{1}

¿Importar igualmente? Puede deshacerlo con Ctrl+Z.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="850" />
        <source>Exportar JSON</source>
        <translation>Exportar JSON</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="850" />
        <source>Archivos JSON (*.json)</source>
        <translation>Archivos JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="856" />
        <source>JSON guardado en {0}</source>
        <translation>JSON guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/main_window.py" line="866" />
        <source>Enviar a oficina central</source>
        <translation>Enviar a oficina central</translation>
    </message>
</context>
<context>
    <name>NewYearDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="57" />
        <source>Nuevo año a partir de…</source>
        <translation>Nuevo año a partir de…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="62" />
        <source>(revisión {0})</source>
        <translation>(revisión {0})</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="65" />
        <source>A partir de:</source>
        <translation>A partir de:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="71" />
        <source>&amp;Año del nuevo formulario:</source>
        <translation>&amp;Año del nuevo formulario:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="77" />
        <source>Se copian las columnas que describen el Plan: {0}. Los resultados, los estados, la Actividad 1.4 y los Objetivos 2 y 3 quedan vacíos para el año nuevo. El formulario de origen no cambia.</source>
        <translation>Se copian las columnas que describen el Plan: {0}. Los resultados, los estados, la Actividad 1.4 y los Objetivos 2 y 3 quedan vacíos para el año nuevo. El formulario de origen no cambia.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="83" />
        <source>Crear formulario</source>
        <translation>Crear formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="84" />
        <source>Cancelar</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="107" />
        <source>Envíos a la oficina central</source>
        <translation>Envíos a la oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="112" />
        <source>Archivos preparados con «Enviar a oficina central…». Envíe cada uno por correo o en un pendrive; el estado cambia cuando abra el acuse de la oficina central («Archivo › Abrir acuse…»).</source>
        <translation>Archivos preparados con «Enviar a oficina central…». Envíe cada uno por correo o en un pendrive; el estado cambia cuando abra el acuse de la oficina central («Archivo › Abrir acuse…»).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="126" />
        <source>Guardar en…</source>
        <translation>Guardar en…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="128" />
        <source>Abrir carpeta</source>
        <translation>Abrir carpeta</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="130" />
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="206" />
        <source>Redactar correo</source>
        <translation>Redactar correo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="175" />
        <source>Guardar el envío en (pendrive, escritorio…)</source>
        <translation>Guardar el envío en (pendrive, escritorio…)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="184" />
        <source>Envío copiado en:
{0}</source>
        <translation>Envío copiado en:
{0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="207" />
        <source>Se abrió un borrador de correo para {0} con el envío adjunto.

Si usa correo web (Gmail, Outlook en la web): el asunto y el texto ya están copiados; péguelos en un correo nuevo y adjunte «{1}» desde la carpeta que se abrió.</source>
        <translation>Se abrió un borrador de correo para {0} con el envío adjunto.

Si usa correo web (Gmail, Outlook en la web): el asunto y el texto ya están copiados; péguelos en un correo nuevo y adjunte «{1}» desde la carpeta que se abrió.</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="68" />
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="76" />
        <source>Preparado</source>
        <translation>Preparado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="68" />
        <source>Revisión</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="68" />
        <source>Archivo</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="69" />
        <source>Tamaño</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="69" />
        <source>Estado</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="76" />
        <source>Recibido</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="77" />
        <source>Devuelto</source>
        <translation>Devuelto</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox_dialog.py" line="79" />
        <source> (el archivo ya no está)</source>
        <translation> (el archivo ya no está)</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="30" />
        <source>Preferencias</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="41" />
        <source>A quién se dirige el correo de «Enviar a oficina central».</source>
        <translation>A quién se dirige el correo de «Enviar a oficina central».</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="44" />
        <source>Carta</source>
        <translation>Carta</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="45" />
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="47" />
        <source>Agregar el «Anexo: estado de avance» al exportar PDF</source>
        <translation>Agregar el «Anexo: estado de avance» al exportar PDF</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="50" />
        <source>El anexo no forma parte del formulario oficial: resume el estado de cada fila, con gráficos.</source>
        <translation>El anexo no forma parte del formulario oficial: resume el estado de cada fila, con gráficos.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="56" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="62" />
        <source>Correo de la oficina central:</source>
        <translation>Correo de la oficina central:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="63" />
        <source>Tamaño de papel del PDF:</source>
        <translation>Tamaño de papel del PDF:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="65" />
        <source>Copia de seguridad cada:</source>
        <translation>Copia de seguridad cada:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="66" />
        <source>Copias que se conservan:</source>
        <translation>Copias que se conservan:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="67" />
        <source>Este equipo es de la oficina central (al abrir un envío regional, ofrecer incorporarlo)</source>
        <translation>Este equipo es de la oficina central (al abrir un envío regional, ofrecer incorporarlo)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="75" />
        <source>p. ej. 3F1C-A0B2-77D9-0E41-5C2A</source>
        <translation>p. ej. 3F1C-A0B2-77D9-0E41-5C2A</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="77" />
        <source>Huella de la clave de la oficina central. Si la escribe, solo se aceptan acuses firmados con esa clave; si la deja vacía, se registra la del primer acuse.</source>
        <translation>Huella de la clave de la oficina central. Si la escribe, solo se aceptan acuses firmados con esa clave; si la deja vacía, se registra la del primer acuse.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="79" />
        <source>Huella de la oficina central:</source>
        <translation>Huella de la oficina central:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="88" />
        <source>Clave registrada de la oficina central: {0}
Clave de firma de este archivo: {1}</source>
        <translation>Clave registrada de la oficina central: {0}
Clave de firma de este archivo: {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="89" />
        <source>ninguna todavía</source>
        <translation>ninguna todavía</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/preferences.py" line="90" />
        <source>se crea con el primer envío</source>
        <translation>se crea con el primer envío</translation>
    </message>
</context>
<context>
    <name>PreviousYearPanel</name>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="162" />
        <source>Año anterior</source>
        <translation>Año anterior</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="213" />
        <source>Elija una fila de una actividad para ver lo que se informó el año anterior.</source>
        <translation>Elija una fila de una actividad para ver lo que se informó el año anterior.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="217" />
        <source>Elija una fila.</source>
        <translation>Elija una fila.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/years.py" line="223" />
        <source>Esta fila no estaba en el formulario {0}.</source>
        <translation>Esta fila no estaba en el formulario {0}.</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../../sernam_desktop/ui/problems.py" line="51" />
        <source>Problemas</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/problems.py" line="82" />
        <source>No falta nada: el formulario está completo.</source>
        <translation>No falta nada: el formulario está completo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/problems.py" line="85" />
        <source>Falta completar {0} dato(s). Haga clic en uno para ir a él (F8: el siguiente).</source>
        <translation>Falta completar {0} dato(s). Haga clic en uno para ir a él (F8: el siguiente).</translation>
    </message>
</context>
<context>
    <name>ReportScreen</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="120" />
        <source>Proponer borrador desde las actividades…</source>
        <translation>Proponer borrador desde las actividades…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="123" />
        <source>Muestra un resumen de las Actividades 1.1 a 1.4 para las partes 1 y 2, que usted inserta y corrige. La parte 3 la escribe usted.</source>
        <translation>Muestra un resumen de las Actividades 1.1 a 1.4 para las partes 1 y 2, que usted inserta y corrige. La parte 3 la escribe usted.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_report.py" line="129" />
        <source>Propone un texto a partir de las actividades; usted decide qué insertar.</source>
        <translation>Propone un texto a partir de las actividades; usted decide qué insertar.</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="89" />
        <source>Revisar envíos y acuses</source>
        <translation>Revisar envíos y acuses</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="106" />
        <source>Comentario general (obligatorio para devolver):</source>
        <translation>Comentario general (obligatorio para devolver):</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="111" />
        <source>Observación en una celda o campo</source>
        <translation>Observación en una celda o campo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="117" />
        <source>(toda la sección)</source>
        <translation>(toda la sección)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="122" />
        <source>Agregar observación</source>
        <translation>Agregar observación</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="124" />
        <source>Sección:</source>
        <translation>Sección:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="125" />
        <source>Fila:</source>
        <translation>Fila:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="126" />
        <source>Campo:</source>
        <translation>Campo:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="127" />
        <source>Texto:</source>
        <translation>Texto:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="135" />
        <source>Aprobar</source>
        <translation>Aprobar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="137" />
        <source>Devolver con observaciones</source>
        <translation>Devolver con observaciones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="156" />
        <source>Guardar acuses en…</source>
        <translation>Guardar acuses en…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="158" />
        <source>Aceptar clave nueva…</source>
        <translation>Aceptar clave nueva…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="160" />
        <source>Cerrar</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="198" />
        <source>Todavía no hay envíos recibidos.</source>
        <translation>Todavía no hay envíos recibidos.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="201" />
        <source>&lt;b&gt;Versión {0}&lt;/b&gt;: {1}, {2}, {3}, revisión {4}. Firma: {5}.</source>
        <translation>&lt;b&gt;Versión {0}&lt;/b&gt;: {1}, {2}, {3}, revisión {4}. Firma: {5}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="215" />
        <source>(toda la fila o sección)</source>
        <translation>(toda la fila o sección)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="240" />
        <source>Escriba el texto de la observación.</source>
        <translation>Escriba el texto de la observación.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="275" />
        <source>Acuses por enviar: {0}.</source>
        <translation>Acuses por enviar: {0}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="276" />
        <source>Clave de la oficina central: {0}.</source>
        <translation>Clave de la oficina central: {0}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="277" />
        <source>se crea con el primer acuse</source>
        <translation>se crea con el primer acuse</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="279" />
        <source>Retenidos por firma distinta: {0}.</source>
        <translation>Retenidos por firma distinta: {0}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="286" />
        <source>Guardar los acuses en</source>
        <translation>Guardar los acuses en</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="298" />
        <source>Se guardaron {0} acuse(s) en {1} ({2} con borrador de correo a la región).</source>
        <translation>Se guardaron {0} acuse(s) en {1} ({2} con borrador de correo a la región).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="307" />
        <source>Aceptar clave nueva</source>
        <translation>Aceptar clave nueva</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="308" />
        <source>El envío «{0}» (región {1}, revisión {2}) está firmado con la clave {3}, distinta de la registrada. Acéptela solo si la región confirmó por teléfono que cambió de computador o de clave. ¿Aceptar la clave nueva e incorporar el envío?</source>
        <translation>El envío «{0}» (región {1}, revisión {2}) está firmado con la clave {3}, distinta de la registrada. Acéptela solo si la región confirmó por teléfono que cambió de computador o de clave. ¿Aceptar la clave nueva e incorporar el envío?</translation>
    </message>
</context>
<context>
    <name>ReviewNotes</name>
    <message>
        <location filename="../../sernam_desktop/ui/review_notes.py" line="37" />
        <source>Marcar como atendida</source>
        <translation>Marcar como atendida</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_notes.py" line="55" />
        <source>Revisión {0}. Haga clic para ir a la celda.</source>
        <translation>Revisión {0}. Haga clic para ir a la celda.</translation>
    </message>
</context>
<context>
    <name>SubmissionsModel</name>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="61" />
        <source>N°</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="61" />
        <source>Región</source>
        <translation>Región</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="61" />
        <source>Rev.</source>
        <translation>Rev.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="61" />
        <source>Decisión</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="62" />
        <source>Firma</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="74" />
        <source>Aprobado</source>
        <translation>Aprobado</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="75" />
        <source>Devuelto</source>
        <translation>Devuelto</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="76" />
        <source>Sin revisar</source>
        <translation>Sin revisar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/review_dialog.py" line="80" />
        <source> (vigente)</source>
        <translation> (vigente)</translation>
    </message>
</context>
<context>
    <name>TableScreen</name>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="274" />
        <source>Objetivo {0}: {1}</source>
        <translation>Objetivo {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="332" />
        <source>Agregar fila</source>
        <translation>Agregar fila</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="333" />
        <source>Agrega una fila al final de la tabla</source>
        <translation>Agrega una fila al final de la tabla</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="334" />
        <source>Insertar fila arriba</source>
        <translation>Insertar fila arriba</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="335" />
        <source>Inserta una fila sobre la fila actual</source>
        <translation>Inserta una fila sobre la fila actual</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="336" />
        <source>Duplicar</source>
        <translation>Duplicar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="337" />
        <source>Copia la fila actual debajo de ella</source>
        <translation>Copia la fila actual debajo de ella</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="338" />
        <source>Subir</source>
        <translation>Subir</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="339" />
        <source>Mueve la fila actual hacia arriba</source>
        <translation>Mueve la fila actual hacia arriba</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="340" />
        <source>Bajar</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="341" />
        <source>Mueve la fila actual hacia abajo</source>
        <translation>Mueve la fila actual hacia abajo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="343" />
        <source>Eliminar fila…</source>
        <translation>Eliminar fila…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="344" />
        <source>Elimina la fila actual (pide confirmación)</source>
        <translation>Elimina la fila actual (pide confirmación)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="346" />
        <source>Copiar</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="347" />
        <source>Copia las celdas seleccionadas</source>
        <translation>Copia las celdas seleccionadas</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="348" />
        <source>Pegar</source>
        <translation>Pegar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="349" />
        <source>Pega un bloque copiado de Excel, LibreOffice o una tabla de Word desde la celda actual (agrega filas si hace falta)</source>
        <translation>Pega un bloque copiado de Excel, LibreOffice o una tabla de Word desde la celda actual (agrega filas si hace falta)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="352" />
        <source>Borrar celdas</source>
        <translation>Borrar celdas</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="353" />
        <source>Vacía las celdas seleccionadas</source>
        <translation>Vacía las celdas seleccionadas</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="354" />
        <source>Texto de la celda</source>
        <translation>Texto de la celda</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="355" />
        <source>Pasa de la tabla al texto completo de la celda y vuelve</source>
        <translation>Pasa de la tabla al texto completo de la celda y vuelve</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="375" />
        <source>Escriba sobre la celda para reemplazarla · F2 la edita · Alt+Intro: nueva línea · Esc cancela · F6: texto completo · Se guarda solo.</source>
        <translation>Escriba sobre la celda para reemplazarla · F2 la edita · Alt+Intro: nueva línea · Esc cancela · F6: texto completo · Se guarda solo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="557" />
        <source>Borrar {0} celda(s)</source>
        <translation>Borrar {0} celda(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="559" />
        <source>Se vaciaron {0} celda(s). Ctrl+Z lo deshace.</source>
        <translation>Se vaciaron {0} celda(s). Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="574" />
        <source>Copiadas {0} celda(s).</source>
        <translation>Copiadas {0} celda(s).</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="640" />
        <source>Pegar {0} celda(s)</source>
        <translation>Pegar {0} celda(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="643" />
        <source>Pegadas {0} fila(s) desde la fila {1}</source>
        <translation>Pegadas {0} fila(s) desde la fila {1}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="645" />
        <source>; {0} fila(s) nueva(s)</source>
        <translation>; {0} fila(s) nueva(s)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="647" />
        <source>; {0} estado(s) no reconocido(s) quedaron sin cambiar</source>
        <translation>; {0} estado(s) no reconocido(s) quedaron sin cambiar</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="649" />
        <source>; {0} celda(s) fuera de la tabla no se pegaron</source>
        <translation>; {0} celda(s) fuera de la tabla no se pegaron</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="711" />
        <source>Eliminar fila</source>
        <translation>Eliminar fila</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/screen_table.py" line="712" />
        <source>¿Eliminar la fila {0} de {1}?

Puede deshacerlo con Ctrl+Z.</source>
        <translation>¿Eliminar la fila {0} de {1}?

Puede deshacerlo con Ctrl+Z.</translation>
    </message>
</context>
<context>
    <name>TextDelegate</name>
    <message>
        <location filename="../../sernam_desktop/ui/delegates.py" line="119" />
        <source>Falta</source>
        <translation>Falta</translation>
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
        <location filename="../../sernam_desktop/ui/welcome.py" line="74" />
        <source>— elija la región —</source>
        <translation>— elija la región —</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="82" />
        <source>&amp;Servicio:</source>
        <translation>&amp;Servicio:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="83" />
        <source>&amp;Región:</source>
        <translation>&amp;Región:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="84" />
        <source>&amp;Año:</source>
        <translation>&amp;Año:</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="85" />
        <source>Crear formulario</source>
        <translation>Crear formulario</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="92" />
        <source>Otras opciones</source>
        <translation>Otras opciones</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="94" />
        <source>Abrir el ejemplo (formulario nacional 2007)</source>
        <translation>Abrir el ejemplo (formulario nacional 2007)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="97" />
        <source>Abrir un archivo…</source>
        <translation>Abrir un archivo…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="100" />
        <source>Una base de datos de sernam-desktop (.sqlite3) o un formulario exportado (.json)</source>
        <translation>Una base de datos de sernam-desktop (.sqlite3) o un formulario exportado (.json)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="102" />
        <source>Modo oficina central (consolidar regiones)</source>
        <translation>Modo oficina central (consolidar regiones)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="106" />
        <source>Importar formulario Word…</source>
        <translation>Importar formulario Word…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="109" />
        <source>Un Formulario Etapa N°4 de años anteriores escrito en Word (.docx)</source>
        <translation>Un Formulario Etapa N°4 de años anteriores escrito en Word (.docx)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="118" />
        <source>Formularios en esta base de datos</source>
        <translation>Formularios en esta base de datos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="130" />
        <source>{2} · {0}
{1} — {3}, revisión {4}</source>
        <translation>{2} · {0}
{1} — {3}, revisión {4}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="140" />
        <source>Nuevo año a partir del seleccionado…</source>
        <translation>Nuevo año a partir del seleccionado…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="144" />
        <source>Crea el formulario de otro año copiando objetivos, indicadores, productos y compromisos; los resultados quedan vacíos</source>
        <translation>Crea el formulario de otro año copiando objetivos, indicadores, productos y compromisos; los resultados quedan vacíos</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="154" />
        <source>Archivo: {0}</source>
        <translation>Archivo: {0}</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="160" />
        <source>Archivos recientes</source>
        <translation>Archivos recientes</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/welcome.py" line="178" />
        <source>Todo lo que escriba se guarda al instante en este equipo; no necesita conexión a Internet. Cuando el formulario esté completo, use «Enviar a oficina central» para preparar el archivo de envío.</source>
        <translation>Todo lo que escriba se guarda al instante en este equipo; no necesita conexión a Internet. Cuando el formulario esté completo, use «Enviar a oficina central» para preparar el archivo de envío.</translation>
    </message>
</context>
<context>
    <name>owner</name>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="44" />
        <source>La oficina central recibió la revisión {0}. Si modifica el formulario, se abrirá la revisión {1}, que deberá enviar de nuevo.</source>
        <translation>La oficina central recibió la revisión {0}. Si modifica el formulario, se abrirá la revisión {1}, que deberá enviar de nuevo.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="48" />
        <source>La oficina central devolvió la revisión {0} con observaciones (vea el panel de problemas). Al corregir se abrirá la revisión {1}.</source>
        <translation>La oficina central devolvió la revisión {0} con observaciones (vea el panel de problemas). Al corregir se abrirá la revisión {1}.</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="51" />
        <source>La revisión {0} está lista para enviar (vea «Archivo › Envíos…»). Si la modifica, se abrirá la revisión {1}, que deberá preparar de nuevo.</source>
        <translation>La revisión {0} está lista para enviar (vea «Archivo › Envíos…»). Si la modifica, se abrirá la revisión {1}, que deberá preparar de nuevo.</translation>
    </message>
</context>
<context>
    <name>win</name>
    <message>
        <location filename="../../sernam_desktop/ui/review_notes.py" line="27" />
        <source>Observaciones de la oficina central</source>
        <translation>Observaciones de la oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="90" />
        <source>Abrir acuse de la oficina central</source>
        <translation>Abrir acuse de la oficina central</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="91" />
        <source>Acuses de sernam-desktop (*{0});;Todos los archivos (*)</source>
        <translation>Acuses de sernam-desktop (*{0});;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="102" />
        <location filename="../../sernam_desktop/ui/outbox.py" line="106" />
        <source>Abrir acuse</source>
        <translation>Abrir acuse</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="137" />
        <source>Envíos…</source>
        <translation>Envíos…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="139" />
        <source>Los envíos preparados: guardar en pendrive, abrir carpeta, correo</source>
        <translation>Los envíos preparados: guardar en pendrive, abrir carpeta, correo</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="143" />
        <source>Abrir acuse…</source>
        <translation>Abrir acuse…</translation>
    </message>
    <message>
        <location filename="../../sernam_desktop/ui/outbox.py" line="145" />
        <source>Abre la respuesta de la oficina central (.sernam-acuse)</source>
        <translation>Abre la respuesta de la oficina central (.sernam-acuse)</translation>
    </message>
</context>
</TS>