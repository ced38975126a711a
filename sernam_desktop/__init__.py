"""sernam-desktop: offline filling and central merging of SERNAM's PMG Gestión
Territorial "Formulario Etapa N°4".

Everything in this package except :mod:`sernam_desktop.ui` is Qt-free.
"""

__version__ = "0.1.0"
APP_NAME = "sernam-desktop"
APP_DISPLAY_NAME = "SERNAM Gestión Territorial"
