from concurrent.futures import ProcessPoolExecutor


def ner_apply(df):
    print(df.shape)
    return df.apply(ner, axis=1)


pool = ProcessPoolExecutor(max_workers=4)
name_df = [unclear[:500], unclear[500:]]
result = list(pool.map(ner_apply, name_df))
