"""Mensajes en español (latinoamericano) de los widgets del curso; mismas claves que
``en.py``."""

MESSAGES: dict[str, str] = {
    # Comunes
    "common.static_note": (
        "Estos controles muestran la vista inicial. En el libro publicado no responden: "
        "use los menús y deslizadores que están debajo del gráfico, o abra esta página como "
        "cuaderno (JupyterLab o Colab) para usarlos."
    ),
    "common.more_rows": "… y {n} filas más.",
    "common.yes": "sí",
    "common.no": "no",
    "unit.percent": "%",
    "unit.ratio": "alumnos por docente",
    "unit.index": "índice",
    "unit.points": "puntos",
    "unit.mark": "nota sobre 10",
    "col.group": "Grupo",
    "col.value": "Valor",
    "col.n": "Estudiantes (n)",
    "col.ci_low": "IC 95 % desde",
    "col.ci_high": "IC 95 % hasta",
    "col.gap": "Brecha",
    "col.gap_low": "Brecha, IC 95 % desde",
    "col.gap_high": "Brecha, IC 95 % hasta",
    "col.enrolment": "Matrícula",
    "col.enrolment_official_age": "Matrícula en edad oficial",
    "col.population": "Población en edad oficial",
    "col.in_school": "Niñas y niños en edad oficial escolarizados",
    "col.ger_girls": "TBM niñas",
    "col.ger_boys": "TBM niños",
    "col.pupils": "Estudiantes",
    "col.teachers": "Docentes",
    "col.trained": "Docentes formados",
    "value.area.urban": "Urbana",
    "value.area.rural": "Rural",
    "value.sector.public": "Pública",
    "value.sector.private_subsidised": "Particular subvencionada",
    "value.sector.private": "Privada",
    "value.sex.F": "Niñas",
    "value.sex.M": "Niños",
    "value.indigenous.True": "Lengua indígena en el hogar",
    "value.indigenous.False": "Demás estudiantes",
    "value.special_needs.True": "Necesidades educativas especiales",
    "value.special_needs.False": "Sin necesidades especiales",
    "value.ses_quintile.Q1": "Q1 (quinto más pobre)",
    "value.ses_quintile.Q2": "Q2",
    "value.ses_quintile.Q3": "Q3",
    "value.ses_quintile.Q4": "Q4",
    "value.ses_quintile.Q5": "Q5 (quinto más rico)",
    # Preguntas de comprobación
    "check.your_answer": "Su respuesta",
    "check.choose_all": "Marque todas las respuestas correctas.",
    "check.number_placeholder": "un número, p. ej. 12,5",
    "check.check": "Comprobar",
    "check.check_tooltip": "Comprobar su respuesta",
    "check.correct": "✓ ¡Correcto!",
    "check.partial": "◐ En parte correcto.",
    "check.incorrect": "✗ No exactamente.",
    "check.partial_detail": (
        "Marcó {right} de las {total} respuestas correctas y {wrong} incorrecta(s)."
    ),
    "check.try_again": "Inténtelo de nuevo.",
    "check.explanation": "Explicación:",
    "check.hint": "Pista:",
    "check.empty": "Primero elija o escriba una respuesta y luego presione Comprobar.",
    "check.invalid": "Eso no es un número. Escriba cifras, por ejemplo 12,5 o 12.5.",
    "check.static_note": (
        "Para comprobar su respuesta, abra esta página como cuaderno (JupyterLab o Colab)."
    ),
    # Explorador de indicadores
    "explorer.title": "Explorador de indicadores",
    "explorer.intro": (
        "Elija un indicador, un año escolar, un nivel y un desglose. La tabla y el gráfico "
        "cambian al instante."
    ),
    "explorer.indicator": "Indicador",
    "explorer.year": "Año",
    "explorer.level": "Nivel",
    "explorer.breakdown": "Desglose",
    "explorer.group": "Grupo",
    "explorer.value": "Valor",
    "explorer.axis": "{indicator} ({unit})",
    "explorer.chart_title": "{indicator}, {level}, {year}",
    "explorer.chart_cut": "Se muestran los {shown} grupos más bajos y más altos de {total}.",
    "explorer.chart_description": (
        "Gráfico de barras de {indicator} en educación {level} en {year}, por {breakdown}."
    ),
    "explorer.table_caption": "{indicator}, {level}, {year}",
    "explorer.static_title": "Explore los indicadores",
    "explorer.static_subtitle": (
        "Use los menús debajo del gráfico: funciona en su navegador, incluso sin Python."
    ),
    "explorer.static_description": (
        "Gráfico de barras de un indicador educativo por grupo, con menús para elegir el "
        "indicador, el nivel, el desglose y el año."
    ),
    "explorer.unavailable.population": (
        "No disponible por {breakdown}: las proyecciones de población existen solo por "
        "distrito y sexo."
    ),
    "explorer.unavailable.teachers_sex": (
        "No disponible por sexo: los docentes no se cuentan según el sexo de sus estudiantes."
    ),
    "explorer.unavailable.gpi_sex": (
        "El índice de paridad de género ya compara a las niñas con los niños: elija otro "
        "desglose."
    ),
    "explorer.unavailable.next_year": (
        "Las tasas de flujo de {year} necesitan el censo del año siguiente, que todavía no "
        "está en los datos: elija un año anterior."
    ),
    "indicator.ger": "Tasa bruta de matrícula",
    "indicator.ner": "Tasa neta de matrícula",
    "indicator.out_of_school": "Tasa de niñas y niños fuera de la escuela",
    "indicator.gpi": "Índice de paridad de género de la TBM",
    "indicator.ptr": "Razón alumnos por docente",
    "indicator.trained": "Docentes formados",
    "indicator.promotion": "Tasa de promoción",
    "indicator.repetition": "Tasa de repetición",
    "indicator.dropout": "Tasa de abandono",
    "level.primary": "primaria",
    "level.lower_secondary": "secundaria baja",
    "breakdown.national": "Nacional",
    "breakdown.region": "Región",
    "breakdown.district": "Distrito",
    "breakdown.area": "Área",
    "breakdown.sector": "Sector",
    "breakdown.sex": "Sexo",
    "group.national": "Todo el país",
    # Explorador de brechas
    "gaps.title": "Explorador de brechas",
    "gaps.intro": (
        "Elija un resultado y una forma de agrupar a los estudiantes. Los puntos muestran el "
        "promedio de cada grupo y las líneas su intervalo de confianza del 95 %; no se "
        "muestran los grupos de menos de 30 estudiantes."
    ),
    "gaps.outcome": "Resultado",
    "gaps.grouping": "Comparar por",
    "gaps.year": "Año",
    "gaps.place": "Dónde",
    "gaps.whole_country": "Todo el país",
    "gaps.region_place": "Región: {name}",
    "gaps.district_place": "Distrito: {name}",
    "gaps.group": "Grupo",
    "gaps.reference_group": "Grupo de referencia",
    "gaps.chart_title": "{outcome}, por {grouping}, {year}",
    "gaps.chart_subtitle": (
        "Puntos: promedios. Líneas: intervalos de confianza del 95 %. Rombo y línea "
        "punteada: el grupo de referencia."
    ),
    "gaps.chart_description": (
        "Gráfico de puntos de {outcome} por {grouping} en {year}, con intervalos de "
        "confianza del 95 %."
    ),
    "gaps.table_caption": "{outcome}, por {grouping}, {year} ({place})",
    "gaps.suppressed": (
        "No se muestran: {groups} (menos de {n} estudiantes: muy pocos para una cifra "
        "confiable y con riesgo de identificar a estudiantes)."
    ),
    "gaps.no_pupils": "No hay estudiantes en esta selección: pruebe otro lugar u otro año.",
    "gaps.static_title": "Explore las brechas entre grupos de estudiantes",
    "gaps.static_axis": "Promedio o porcentaje (según el resultado)",
    "gaps.static_description": (
        "Gráfico de puntos de un resultado por grupo de estudiantes con intervalos de "
        "confianza del 95 %, con menús para elegir el resultado, la agrupación y el año."
    ),
    "outcome.reading_score": "Puntaje en lectura",
    "outcome.mathematics_score": "Puntaje en matemática",
    "outcome.reading_below_minimum": "Bajo el nivel mínimo de competencia en lectura",
    "outcome.mathematics_below_minimum": "Bajo el nivel mínimo de competencia en matemática",
    "outcome.attendance": "Asistencia",
    "outcome.mark_language": "Nota de lenguaje",
    "outcome.mark_mathematics": "Nota de matemática",
    "grouping.sex": "Sexo",
    "grouping.area": "Área",
    "grouping.ses_quintile": "Quintil socioeconómico",
    "grouping.indigenous": "Lengua indígena",
    "grouping.special_needs": "Necesidades educativas especiales",
    "grouping.region": "Región",
    # Explorador de umbrales
    "thresholds.title": "Explorador de umbrales de alerta temprana",
    "thresholds.intro": (
        "Un estudiante muestra una señal de alerta por baja asistencia, una nota reprobada "
        "(lenguaje o matemática) o incidentes de conducta. Fije los umbrales y vea cuántos "
        "de quienes abandonaron al año siguiente habría detectado la alerta."
    ),
    "thresholds.year": "Año",
    "thresholds.all_years": "Todos los años",
    "thresholds.attendance_below": "Asistencia menor a (%)",
    "thresholds.mark_below": "Una nota menor a",
    "thresholds.incidents_at_least": "Incidentes, al menos",
    "thresholds.signs_needed": "Señales para alertar",
    "thresholds.flagged": "Con alerta",
    "thresholds.not_flagged": "Sin alerta",
    "thresholds.dropped_out": "Abandonó",
    "thresholds.stayed": "No abandonó",
    "thresholds.next_year": "Año escolar siguiente",
    "thresholds.pupils": "Estudiantes",
    "thresholds.tp": "detectado",
    "thresholds.fp": "falsa alarma",
    "thresholds.fn": "no detectado",
    "thresholds.tn": "sin alerta, con razón",
    "thresholds.precision": "Precisión",
    "thresholds.recall": "Sensibilidad",
    "thresholds.share_flagged": "Estudiantes con alerta (%)",
    "thresholds.flagged_pupils": "Estudiantes con alerta",
    "thresholds.measure": "Medida",
    "thresholds.value": "Valor",
    "thresholds.matrix_caption": "Alerta frente a lo que ocurrió el año siguiente (estudiantes)",
    "thresholds.measures_caption": "¿Qué tan buena es la alerta?",
    "thresholds.sentence": (
        "La regla alerta a {flagged} de {pupils} estudiantes y detecta a {caught} de los "
        "{dropouts} que abandonaron al año siguiente. Precisión: el porcentaje de "
        "estudiantes con alerta que abandonó. Sensibilidad: el porcentaje de quienes "
        "abandonaron que tenía alerta."
    ),
    "thresholds.no_attendance_2020": (
        "La asistencia no se registró en 2020, así que ese año nadie recibe alerta por "
        "asistencia."
    ),
    "thresholds.chart_title": "Alerta temprana frente al abandono del año siguiente, {year}",
    "thresholds.chart_subtitle": (
        "Asistencia menor a {attendance} %, una nota menor a {mark}, al menos {incidents} "
        "incidentes; se necesitan {signs} señal(es)."
    ),
    "thresholds.chart_description": (
        "Una cuadrícula de dos por dos de estudiantes con o sin alerta según si abandonaron "
        "al año siguiente, y barras de precisión, sensibilidad y porcentaje con alerta."
    ),
    "thresholds.static_title": "Pruebe umbrales de alerta temprana",
    "thresholds.static_subtitle": (
        "Mueva los deslizadores debajo del gráfico: los conteos se rehacen en su navegador."
    ),
    # Inspector de calidad de datos
    "quality.title": "Inspector de calidad de datos",
    "quality.intro": (
        "Elija una tabla. Cada regla busca un tipo de problema; elija una regla para ver "
        "ejemplos de las filas que encontró."
    ),
    "quality.table": "Tabla",
    "quality.show_examples": "Ver ejemplos de",
    "quality.none_found": "(no se encontraron problemas)",
    "quality.rule": "Regla",
    "quality.problems": "Problemas encontrados",
    "quality.why": "Por qué importa",
    "quality.summary_caption": "Reglas aplicadas a {table}",
    "quality.examples_caption": "{rule}: {shown} de {total}",
    "quality.sentence": "Reglas con problemas: {rules}. Problemas encontrados: {problems}.",
    "quality.clean": "Ninguna regla encontró problemas en {table}.",
    "quality.chart_title": "Problemas encontrados en {table}, por regla",
    "quality.chart_description": (
        "Gráfico de barras del número de problemas que encontró cada regla."
    ),
    "quality.static_title": "Problemas encontrados, por regla (elija la tabla bajo el gráfico)",
    "quality.col.pupils": "estudiantes (niños + niñas)",
    "quality.col.times_capacity": "veces la capacidad",
    "quality.col.declared_total": "total declarado",
    "quality.col.sum_of_rows": "suma de las filas",
    "quality.col.same_as": "mismo formulario que",
    "quality.col.repeated_rows": "filas repetidas",
    "quality.col.dates_submitted": "fechas de envío",
    "quality.rule.missing_submission.title": "Escuelas que no enviaron el formulario",
    "quality.rule.missing_submission.why": (
        "Estas escuelas tenían estudiantes en el censo del año pasado pero este año no "
        "enviaron nada: los totales nacionales quedarán bajos hasta que informen."
    ),
    "quality.rule.same_as_last_year.title": "Formularios idénticos al censo del año pasado",
    "quality.rule.same_as_last_year.why": (
        "Cada grado y edad tiene exactamente las cifras del año pasado, así que ningún "
        "estudiante pasó de grado: lo más probable es que se reenviaran las cifras del año "
        "anterior."
    ),
    "quality.rule.form_sent_twice.title": "Formularios enviados dos veces",
    "quality.rule.form_sent_twice.why": (
        "La misma escuela, grado y edad aparecen más de una vez: los estudiantes se "
        "contarían dos veces. Conserve el envío más reciente."
    ),
    "quality.rule.same_form_two_codes.title": "El mismo formulario con dos códigos de escuela",
    "quality.rule.same_form_two_codes.why": (
        "Dos códigos enviaron formularios idénticos, fila por fila: una misma escuela "
        "ingresada dos veces. Sus estudiantes se contarían dos veces."
    ),
    "quality.rule.malformed_code.title": "Códigos de escuela que no tienen siete dígitos",
    "quality.rule.malformed_code.why": (
        "Los códigos de escuela tienen siete dígitos. Un código más corto suele haber "
        "perdido el cero inicial en una planilla; la escuela no se puede vincular con el "
        "registro."
    ),
    "quality.rule.unknown_code.title": "Códigos de escuela que no están en el registro",
    "quality.rule.unknown_code.why": (
        "Un código bien formado que ninguna escuela del registro tiene: un error de "
        "digitación o una escuela contada con un segundo código."
    ),
    "quality.rule.impossible_age.title": "Edades imposibles para el grado",
    "quality.rule.impossible_age.why": (
        "Edades muy lejanas de la edad oficial del grado (grado + 5), o vacías: a menudo un "
        "error de digitación o un código como 99 para \"no sabe\"."
    ),
    "quality.rule.above_capacity.title": "Matrícula muy por encima de la capacidad",
    "quality.rule.above_capacity.why": (
        "Los estudiantes de la escuela suman más del triple de sus plazas: por lo general "
        "un número digitado con un dígito de más."
    ),
    "quality.rule.row_total.title": "Totales de fila que no cuadran",
    "quality.rule.row_total.why": "El total de la fila no es niños + niñas.",
    "quality.rule.declared_total.title": "Totales declarados que no cuadran",
    "quality.rule.declared_total.why": (
        "El total de la portada difiere de la suma de las filas de la escuela: uno de los "
        "dos está mal."
    ),
    "quality.rule.repeaters_above_pupils.title": "Más repitentes que estudiantes",
    "quality.rule.repeaters_above_pupils.why": (
        "Una fila no puede tener más repitentes que estudiantes: las tasas de repetición "
        "saldrían mal."
    ),
    "quality.rule.blank_counts.title": "Conteos en blanco",
    "quality.rule.blank_counts.why": (
        "Niños o niñas quedaron vacíos: ¿es cero o se olvidó? Pregunte a la escuela."
    ),
    "quality.rule.sector_code.title": "Códigos de sector fuera de la lista",
    "quality.rule.sector_code.why": (
        "El formulario pide PUB, SUB o PRI. Las demás formas deben recodificarse antes de "
        "desglosar los datos por sector."
    ),
    "quality.rule.area_code.title": "Códigos de área fuera de la lista",
    "quality.rule.area_code.why": (
        "El formulario pide U (urbana) o R (rural). Las demás formas deben recodificarse."
    ),
    "quality.rule.codes_disagree.title": "Sector o área que no coincide con el registro",
    "quality.rule.codes_disagree.why": (
        "Un código válido, pero no el del registro de escuelas: ¿cuál es el correcto?"
    ),
    "quality.rule.district_name.title": "Nombres de distrito escritos distinto al registro",
    "quality.rule.district_name.why": (
        "Nombres que difieren aunque sea en una tilde o un espacio no coinciden: use "
        "códigos, no nombres, para unir tablas."
    ),
    "quality.rule.wrong_year.title": "Filas de otro año",
    "quality.rule.wrong_year.why": (
        "El formulario es de un año escolar; estas filas indican otro."
    ),
    "quality.rule.duplicate_key.title": "Identificadores repetidos",
    "quality.rule.duplicate_key.why": (
        "Cada fila debe tener su propio identificador; los repetidos se cuentan dos veces."
    ),
    "quality.rule.missing_required.title": "Valores obligatorios vacíos",
    "quality.rule.missing_required.why": "Falta un valor que toda fila debe tener.",
    "quality.rule.outside_allowed.title": "Valores fuera del rango o de la lista permitidos",
    "quality.rule.outside_allowed.why": (
        "Un valor que la definición de la tabla no permite (demasiado pequeño, demasiado "
        "grande o fuera de los códigos permitidos)."
    ),
    # Autoevaluación
    "rubric.title": "Autoevaluación",
    "rubric.intro": (
        "Califique su sistema de datos educativos en cada área. El gráfico y la lista de "
        "próximos pasos siguen sus calificaciones."
    ),
    "rubric.area": "Área",
    "rubric.level": "Nivel",
    "rubric.next_steps": "Próximos pasos, primero las áreas más débiles",
    "rubric.action": "{area} ({level}): {step}",
    "rubric.sentence": "Nivel promedio: {score} de {top}.",
    "rubric.chart_subtitle": "Su calificación en cada área.",
    "rubric.static_subtitle": (
        "Cambie las calificaciones en los menús debajo del gráfico; los próximos pasos "
        "cambian con ellas."
    ),
    "rubric.chart_description": (
        "Gráfico de barras del nivel alcanzado en cada área de {rubric}."
    ),
    "rubric.saber.title": "Autoevaluación SABER-EMIS",
    "rubric.saber.source": (
        "Áreas y niveles de SABER-EMIS (Banco Mundial, Abdul-Hamid 2014). Los próximos "
        "pasos son sugerencias del curso."
    ),
    "rubric.saber.level.latent": "Latente",
    "rubric.saber.level.emerging": "Emergente",
    "rubric.saber.level.established": "Establecido",
    "rubric.saber.level.advanced": "Avanzado",
    "rubric.saber.area.enabling_environment": "Entorno propicio",
    "rubric.saber.area.enabling_environment.description": (
        "Leyes y políticas, una unidad de SIGE con personal y presupuesto, y una cultura "
        "de uso de datos."
    ),
    "rubric.saber.area.enabling_environment.next.latent": (
        "Establezca en una norma quién recoge los datos educativos, designe una unidad de "
        "SIGE y asígnele una partida presupuestaria."
    ),
    "rubric.saber.area.enabling_environment.next.emerging": (
        "Dé a la unidad de SIGE financiamiento estable y personal capacitado, y obligue a "
        "todas las escuelas, públicas y privadas, a informar."
    ),
    "rubric.saber.area.enabling_environment.next.established": (
        "Incluya las funciones y el financiamiento del SIGE en la planificación regular, y "
        "capacite al personal distrital en el uso de los datos."
    ),
    "rubric.saber.area.enabling_environment.next.advanced": (
        "Mantenga las normas al día (privacidad, intercambio de datos) y comparta su "
        "experiencia con otros países."
    ),
    "rubric.saber.area.system_soundness": "Solidez del sistema",
    "rubric.saber.area.system_soundness.description": (
        "Arquitectura de datos, cobertura de escuelas y niveles, y vínculos entre fuentes "
        "de datos."
    ),
    "rubric.saber.area.system_soundness.next.latent": (
        "Acuerde un solo código de escuela y un solo conjunto de definiciones para el censo, "
        "y guarde los datos en una sola base."
    ),
    "rubric.saber.area.system_soundness.next.emerging": (
        "Incluya a las escuelas privadas y todos los niveles, y vincule el censo con el "
        "registro de escuelas mediante el código de escuela."
    ),
    "rubric.saber.area.system_soundness.next.established": (
        "Agregue registros por estudiante y vincule los datos del censo, de las "
        "evaluaciones y de finanzas mediante identificadores únicos."
    ),
    "rubric.saber.area.system_soundness.next.advanced": (
        "Revise la arquitectura de datos con regularidad e incorpore nuevos usos, como la "
        "alerta temprana, sin perder la comparabilidad en el tiempo."
    ),
    "rubric.saber.area.quality_data": "Calidad de los datos",
    "rubric.saber.area.quality_data.description": (
        "Métodos sólidos, exactitud, integridad y datos que llegan a tiempo."
    ),
    "rubric.saber.area.quality_data.next.latent": (
        "Revise cada envío en busca de duplicados, edades imposibles y totales que no "
        "cuadran."
    ),
    "rubric.saber.area.quality_data.next.emerging": (
        "Publique las reglas de validación, informe a las escuelas de sus errores y corrija "
        "los datos en la fuente."
    ),
    "rubric.saber.area.quality_data.next.established": (
        "Audite cada año una muestra de escuelas y publique un calendario del censo para "
        "que los datos lleguen a tiempo."
    ),
    "rubric.saber.area.quality_data.next.advanced": (
        "Documente la calidad de cada indicador y siga las definiciones internacionales, "
        "como las del Instituto de Estadística de la UNESCO."
    ),
    "rubric.saber.area.utilization": "Uso para la toma de decisiones",
    "rubric.saber.area.utilization.description": (
        "Datos abiertos y accesibles que usan el ministerio, los distritos, las escuelas y "
        "las familias."
    ),
    "rubric.saber.area.utilization.next.latent": (
        "Publique un anuario estadístico cada año y envíe a cada escuela sus propias cifras."
    ),
    "rubric.saber.area.utilization.next.emerging": (
        "Entregue a las autoridades distritales y a los directivos tableros con sus propios "
        "indicadores, y capacítelos para leerlos."
    ),
    "rubric.saber.area.utilization.next.established": (
        "Use los datos para focalizar recursos, por ejemplo docentes donde la razón "
        "alumnos por docente es alta, y explique estas decisiones en público."
    ),
    "rubric.saber.area.utilization.next.advanced": (
        "Evalúe si las decisiones basadas en datos mejoraron el aprendizaje y abra datos "
        "anonimizados a la investigación."
    ),
    # Tableros: la caja de herramientas de evidencia (emiskit/dashboards.py)
    "toolkit.strand": "Línea de intervención",
    "toolkit.months": "Meses",
    "toolkit.effect_size": "Tamaño del efecto",
    "toolkit.cost_rating": "Costo (1–5)",
    "toolkit.evidence": "Evidencia (0–5)",
    "toolkit.studies_in_region": "Estudios en la región",
    "toolkit.col.studies_in_region": "Estudios en la región",
    "toolkit.cost_per_pupil": "US$ por alumno",
    "toolkit.months_per_100": "Meses por US$100",
    "toolkit.package_cost": "Costo del paquete (US$ por alumno)",
    "toolkit.bind.min_strength": "Mostrar solidez de la evidencia de al menos ",
    "toolkit.bind.budget": "Presupuesto por alumno (US$) ",
    "toolkit.bind.accept": "Atenuar evidencia por debajo de ",
    "toolkit.axis.cost_rating": "Costo por alumno (1 muy bajo … 5 muy alto)",
    "toolkit.axis.impact": "Impacto (meses de progreso adicional)",
    "toolkit.axis.months_per_100": "Meses de progreso adicional por cada US$100 por alumno",
    "toolkit.axis.months_of_progress": "Meses de progreso",
    "toolkit.axis.cost_per_year": "US$ por alumno por año",
    "toolkit.axis.strength": "Solidez (0–5)",
    "toolkit.axis.package_cost": (
        "Costo por alumno de su paquete (US$); línea negra: el presupuesto"
    ),
    "toolkit.scatter.title": (
        "Impacto, costo y solidez de la evidencia de {n} líneas de intervención (ilustrativo)"
    ),
    "toolkit.scatter.description": (
        "Diagrama de dispersión de {n} líneas de intervención: el costo de 1 a 5 en el eje "
        "horizontal, el impacto en meses en el vertical; el tamaño y la intensidad del punto "
        "indican la solidez de la evidencia. Un control deslizante oculta las líneas cuya "
        "evidencia es más débil que el nivel elegido."
    ),
    "toolkit.value.title": (
        "Costo-efectividad: meses de progreso por cada US$100 (costos ilustrativos)"
    ),
    "toolkit.value.description": (
        "Gráfico de barras horizontales que ordena {n} líneas de intervención con impacto "
        "positivo según los meses de progreso adicional por cada 100 dólares por alumno, "
        "coloreadas según la solidez de la evidencia."
    ),
    "toolkit.panel.impact": "Impacto",
    "toolkit.panel.cost": "Costo",
    "toolkit.panel.evidence": "Evidencia",
    "toolkit.panel.package": "Su paquete",
    "toolkit.line.strands": " línea(s), US$",
    "toolkit.line.per_pupil": " por alumno: ",
    "toolkit.line.over": "SUPERA el presupuesto",
    "toolkit.line.within": "dentro del presupuesto",
    "toolkit.line.best": "Mejor línea individual: ",
    "toolkit.line.weakest": " meses · evidencia más débil: ",
    "toolkit.line.of_5": " de 5",
    "toolkit.line.sum": "Suma de meses: ",
    "toolkit.line.no_sum": ", pero no se sabe si los efectos combinados se suman.",
    "toolkit.hint": "Haga clic en una barra del panel Impacto para agregar o quitar una línea.",
    "toolkit.dashboard.title": (
        "Elija un paquete de intervenciones dentro de un presupuesto (caja de herramientas "
        "ilustrativa)"
    ),
    "toolkit.dashboard.description": (
        "Tres gráficos de barras alineados muestran {n} líneas de intervención según su "
        "impacto en meses, su costo por alumno en dólares y la solidez de su evidencia. Al "
        "hacer clic en una línea se agrega al paquete; una barra debajo compara el costo "
        "total del paquete con una línea de presupuesto fijada con un control deslizante, y "
        "tres líneas de texto indican el número de líneas, el mayor impacto individual, la "
        "evidencia más débil y una advertencia de que los efectos no se suman sin más. Un "
        "segundo control deslizante atenúa las líneas con evidencia más débil."
    ),
    "toolkit.package.empty": "Marque al menos una línea de intervención.",
    "toolkit.package.fits": "cabe en el presupuesto, con US${left} por alumno de sobra",
    "toolkit.package.over": "supera el presupuesto en US${over} por alumno",
    "toolkit.package.message": (
        "Su paquete de {n} línea(s) cuesta US${cost} por alumno y {fit}. Su mejor línea "
        "individual agrega unos {best} meses; su evidencia más débil es {weakest} de 5."
    ),
    "toolkit.package.no_sum": (
        " Sumar los meses daría {total}, pero no se sabe si los efectos de líneas "
        "combinadas se suman: no lo prometa."
    ),
    # Tableros: tres respuestas a una pregunta (emiskit/dashboards.py)
    "answers.source.ours": "Nuestros datos",
    "answers.source.research": "Investigación en otros contextos",
    "answers.toolkit_line": (
        "Caja de herramientas: tutoría en grupos pequeños (investigación en otros contextos)"
    ),
    "answers.axis.effect": "Efecto estimado (desviaciones estándar)",
    "answers.estimate": "Estimación",
    "answers.title": "Una pregunta, tres respuestas de nuestros datos y una de la investigación",
    "answers.description": (
        "Barras horizontales con cuatro efectos estimados de la tutoría, en desviaciones "
        "estándar: escuelas focalizadas comparadas después del programa, alrededor de menos "
        "0,6; cambio en las escuelas focalizadas frente a las demás, alrededor de más 0,4; "
        "el piloto aleatorizado, alrededor de más 0,2; y el promedio de la caja de "
        "herramientas para la tutoría en grupos pequeños, alrededor de 0,3."
    ),
    # Respuestas de encuesta en escalas ordenadas (emiskit/likert.py)
    "likert.all_countries": "Todos los países",
    "likert.bind.country": "País ",
    "likert.bind.role": "Quién respondió ",
    "likert.how_often": "Con qué frecuencia",
    "likert.axis.share": "Proporción de quienes respondieron",
    "likert.axis.diverging": "← en desacuerdo · porcentaje de quienes respondieron · de acuerdo →",
    "likert.role": "Función",
    "likert.percent": "Porcentaje",
    "likert.respondents": "Personas encuestadas",
    "likert.answered": "Respondieron (n)",
    "likert.count": "Número",
    "likert.answer": "Respuesta",
    "likert.statement": "Afirmación",
    "likert.agree_total": "De acuerdo o muy de acuerdo (%)",
    "likert.frequency.title": "Con qué frecuencia cada función usa cada fuente de evidencia",
    "likert.frequency.description": (
        "Seis paneles, uno por fuente de evidencia. En cada uno, una barra apilada al 100% "
        "por función muestra las proporciones que responden nunca, una vez al año, cada "
        "trimestre, cada mes y cada semana, de azul claro a oscuro. Un menú elige un país o "
        "todos los países."
    ),
    "likert.naive.title": (
        "Barreras para usar evidencia (directivos escolares): un gráfico deficiente"
    ),
    "likert.naive.description": (
        "Un gráfico de barras apiladas de conteos con las respuestas en orden alfabético. "
        "Se muestra como ejemplo de lo que no hay que hacer."
    ),
    "likert.diverging.title": "¿Qué impide usar la evidencia?",
    "likert.diverging.description": (
        "Barras apiladas divergentes para seis afirmaciones sobre las barreras para usar "
        "evidencia. El desacuerdo se extiende a la izquierda de la línea central, el acuerdo "
        "a la derecha, y las respuestas neutras se reparten a ambos lados del centro. Cada "
        "afirmación indica cuántas personas respondieron. Un menú elige la función de "
        "quienes respondieron; primero se muestra: {start}."
    ),
    # Tableros: resultados de la evaluación (emiskit/dashboards.py)
    "assessment.bind.grade": "Grado ",
    "assessment.bind.subject": "Asignatura ",
    "assessment.bind.year": "Año ",
    "assessment.year": "Año",
    "assessment.pupils": "Estudiantes",
    "assessment.region": "Región",
    "assessment.district": "Distrito",
    "assessment.from_score": "Desde el puntaje",
    "assessment.subtitle": "Valdoria (datos ficticios)",
    "assessment.axis.score": "Puntaje en la escala",
    "assessment.axis.pupils_per_bin": "Estudiantes (por intervalo de 20 puntos)",
    "assessment.axis.below_minimum": "Estudiantes por debajo del nivel mínimo (%)",
    "assessment.histogram.title": "Cómo se distribuyen los puntajes, 2019 y 2022",
    "assessment.histogram.description": (
        "Dos histogramas superpuestos de los puntajes en la escala en Valdoria, un país "
        "ficticio, para 2019 y 2022, con menús para elegir el grado y la asignatura. La "
        "distribución de 2022 tiene la misma forma de campana que la de 2019, pero está "
        "desplazada unos 40 puntos a la izquierda."
    ),
    "assessment.districts.title": (
        "Proporción de estudiantes por debajo del mínimo, por distrito"
    ),
    "assessment.districts.description": (
        "Gráfico de puntos de la proporción de estudiantes por debajo del nivel mínimo de "
        "competencia en cada uno de los {n} distritos de Valdoria, un país ficticio, "
        "coloreados por región y ordenados de mayor a menor, con menús para grado, "
        "asignatura y año. Los distritos de las regiones Selva de Yaruní y Sierra de Quimal "
        "están arriba; los de la región capital, abajo."
    ),
    # Tableros: pérdida de aprendizaje (emiskit/dashboards.py)
    "loss.axis.pupils_percent": "Estudiantes (%)",
    "loss.level": "Nivel",
    "loss.grade": "Grado",
    "loss.subject": "Asignatura",
    "loss.levels.title": "Estudiantes por nivel de desempeño, 2019 y 2022",
    "loss.levels.description": (
        "Barras apiladas para Valdoria, un país ficticio, un par por grado y asignatura, que "
        "muestran la proporción de estudiantes en los niveles I a IV en 2019 y en 2022. En "
        "todos los paneles el segmento del nivel I es mucho más largo en 2022, y los niveles "
        "III y IV más cortos."
    ),
    "loss.axis.average": "Puntaje promedio",
    "loss.axis.average_honest": "Puntaje promedio (eje: media ± 2 DE de 2019)",
    "loss.axis.loss_sd": "Pérdida (DE de los puntajes de 2019)",
    "loss.misleading.title": "¿Un derrumbe?",
    "loss.honest.title": "Con honestidad",
    "loss.from_zero.title": "La pérdida, desde cero",
    "loss.three.title": "Tres imágenes de una misma pérdida",
    "loss.three.description": (
        "Tres gráficos de la misma pérdida de aprendizaje en Valdoria, un país ficticio. "
        "Izquierda: barras del puntaje promedio en 2019 y 2022 sobre un eje que empieza en "
        "650, lo que hace que la barra de 2022 parezca de un cuarto de la altura. Centro: los "
        "dos promedios como puntos sobre un eje de 500 a 900, que muestran una caída de unos "
        "40 puntos. Derecha: la pérdida en cada grado y asignatura como barras que parten de "
        "cero, de alrededor de menos 0,4 desviaciones estándar."
    ),
    # Tableros: evaluación de programas (emiskit/dashboards.py)
    "evaluation.axis.score_2019": "Puntaje medio de la escuela en 2019",
    "evaluation.axis.change": "Cambio 2019 → 2022 (puntos)",
    "evaluation.school": "Escuela",
    "evaluation.arm": "Grupo del programa",
    "evaluation.group": "Grupo",
    "evaluation.strip.title": "Dónde empezó cada escuela",
    "evaluation.strip.subtitle": "Valdoria (datos ficticios). Una marca por escuela.",
    "evaluation.strip.description": (
        "Gráfico de franjas del puntaje medio de 2019 de cada escuela de Valdoria, un país "
        "ficticio, por grupo del programa. Las escuelas focalizadas están todas en la parte "
        "baja del rango, por debajo de unos 620 puntos; las escuelas de tratamiento y de "
        "control del piloto cubren el mismo rango; las escuelas fuera del programa cubren "
        "todo el rango."
    ),
    "evaluation.rtm.title": (
        "Las escuelas que empezaron más abajo perdieron menos, incluso sin el programa"
    ),
    "evaluation.rtm.subtitle": (
        "Valdoria (datos ficticios). Línea discontinua: tendencia de las escuelas sin el "
        "programa."
    ),
    "evaluation.rtm.description": (
        "Diagrama de dispersión de las escuelas de Valdoria, un país ficticio: el puntaje "
        "medio de 2019 en el eje horizontal y el cambio hasta 2022 en el vertical. Entre las "
        "escuelas sin el programa, la línea de tendencia discontinua desciende: las escuelas "
        "que empezaron más abajo perdieron menos. Las escuelas focalizadas, todas a la "
        "izquierda, quedan por encima de la línea."
    ),
    # Tableros: marco de seguimiento (emiskit/dashboards.py)
    "monitoring.bind.gain": "Ganancia en puntos ",
    "monitoring.axis.gain": "Ganancia promedio por estudiante (puntos)",
    "monitoring.indicator": "Indicador",
    "monitoring.gain.title": (
        "Qué haría una ganancia dada a los indicadores de las escuelas del programa"
    ),
    "monitoring.gain.subtitle": "Valdoria (datos ficticios), línea de base 2022",
    "monitoring.gain.description": (
        "Gráfico de líneas para las escuelas del programa de tutoría de Valdoria, un país "
        "ficticio: a medida que la ganancia promedio por estudiante sube de 0 a 50 puntos, "
        "la proporción por debajo del mínimo baja lentamente desde cerca del 85% y la "
        "proporción en el nivel I baja más rápido desde cerca del 77%. Un control deslizante "
        "elige una ganancia y rotula ambos valores; una línea discontinua marca {pilot} "
        "puntos."
    ),
    # Tableros: alerta temprana (emiskit/dashboards.py)
    "warning.bind.cut": "Estudiantes señalados (%): ",
    "warning.axis.flagged": "Proporción de estudiantes señalados, de mayor a menor riesgo (%)",
    "warning.flagged": "Estudiantes señalados (%)",
    "warning.measure": "Medida",
    "warning.curve.title": "Precisión y exhaustividad del modelo, estudiantes de {year}",
    "warning.curve.description": (
        "Gráfico de líneas de la precisión y la exhaustividad (recall) del modelo de "
        "abandono según la proporción de estudiantes señalados; un control deslizante mueve "
        "una línea vertical y muestra ambos valores en ese punto de corte."
    ),
    # Tableros: desviación positiva (emiskit/dashboards.py)
    "deviance.axis.tests": "Pruebas detrás del promedio de la escuela (escala logarítmica)",
    "deviance.axis.residual": "Puntaje observado menos esperado (puntos)",
    "deviance.school_name": "Nombre de la escuela",
    "deviance.tests": "Pruebas",
    "deviance.funnel.title": "Escuelas por encima y por debajo de lo esperado, {year}",
    "deviance.funnel.description": (
        "Gráfico de embudo: cada punto es una escuela, con el número de pruebas en el eje "
        "horizontal (escala logarítmica) y su puntaje observado menos el esperado en el "
        "vertical; las líneas discontinuas marcan dos errores estándar, y las escuelas "
        "claramente por encima de lo esperado tienen otro color."
    ),
    # Tableros: calidad de los datos (emiskit/dashboards.py)
    "quality_chart.axis.ger": "Tasa bruta de matrícula, primaria (%)",
    "quality_chart.version": "Versión",
    "quality_chart.title": (
        "Tasa bruta de matrícula en primaria 2024 por distrito: publicada frente a los "
        "formularios tal como se digitaron"
    ),
    "quality_chart.description": (
        "Gráfico de puntos que compara, para cada uno de los {n} distritos, la tasa bruta de "
        "matrícula en primaria publicada de 2024 con la que se obtiene al sumar los "
        "formularios del censo tal como se digitaron; las cifras ingenuas se alejan mucho en "
        "varios distritos."
    ),
    # Tableros: unir sectores (emiskit/dashboards.py)
    "sectors.bind.outcome": "Resultado: ",
    "sectors.bind.rule": "Regla: ",
    "sectors.axis.poverty": "Personas bajo la línea de pobreza (%)",
    "sectors.axis.outcome": "Resultado (%)",
    "sectors.outcome": "Resultado",
    "sectors.primary_pupils": "Estudiantes de primaria",
    "sectors.indigenous": "Hogares de lengua indígena (%)",
    "sectors.outcomes.title": "Pobreza y resultados educativos por distrito, {year}",
    "sectors.outcomes.description": (
        "Diagrama de dispersión de los {n} distritos de Valdoria: la tasa de pobreza en el "
        "eje horizontal, el resultado educativo elegido en el menú en el vertical, el tamaño "
        "del círculo según el número de estudiantes de primaria y el color según la "
        "proporción de hogares de lengua indígena."
    ),
    "sectors.axis.per_1000": "Grupos por cada 1.000 estudiantes",
    "sectors.axis.district_poorest": "Distrito (el más pobre arriba)",
    "sectors.poverty_rate": "Tasa de pobreza (%)",
    "sectors.rule": "Regla",
    "sectors.groups": "Grupos",
    "sectors.allocation.title": (
        "Grupos de tutoría por cada 1.000 estudiantes de primaria, por distrito"
    ),
    "sectors.allocation.description": (
        "Gráfico de barras de los grupos de tutoría por cada 1.000 estudiantes de primaria "
        "en cada distrito, con el distrito más pobre arriba, según la regla de asignación "
        "elegida en el menú."
    ),
}
